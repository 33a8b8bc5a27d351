// The server's password policy, checked as the user types (the server checks again).

export const RULES: { code: string; label: string; test: (p: string) => boolean }[] = [
  { code: "min_length", label: "at least 12 characters", test: (p) => [...p].length >= 12 },
  { code: "max_length", label: "at most 256 characters", test: (p) => [...p].length <= 256 },
  { code: "uppercase", label: "an upper-case letter", test: (p) => /\p{Lu}/u.test(p) },
  { code: "lowercase", label: "a lower-case letter", test: (p) => /\p{Ll}/u.test(p) },
  { code: "digit", label: "a digit", test: (p) => /\d/.test(p) },
  { code: "special", label: "a special character", test: (p) => /[^\p{L}\p{N}\s]/u.test(p) },
];

/** The codes of the rules `password` breaks. */
export function failedRules(password: string): string[] {
  return RULES.filter((r) => !r.test(password)).map((r) => r.code);
}
