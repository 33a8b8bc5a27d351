//! The server's password policy, mirrored so a form can show each rule as the user types:
//! at least 12 characters (at most 256), an uppercase letter, a lowercase letter, a digit and a
//! special character. Codes match the server's field errors.

export type PasswordRule = "min_length" | "max_length" | "uppercase" | "lowercase" | "digit" | "special";

export const MIN_LENGTH = 12;
export const MAX_LENGTH = 256;

interface RuleDef {
  code: PasswordRule;
  label: string;
  holds: (password: string) => boolean;
}

const length = (p: string) => [...p].length;

export const PASSWORD_RULES: readonly RuleDef[] = [
  { code: "min_length", label: `At least ${MIN_LENGTH} characters`, holds: (p) => length(p) >= MIN_LENGTH },
  { code: "uppercase", label: "An uppercase letter", holds: (p) => /\p{Lu}/u.test(p) },
  { code: "lowercase", label: "A lowercase letter", holds: (p) => /\p{Ll}/u.test(p) },
  { code: "digit", label: "A digit", holds: (p) => /[0-9]/.test(p) },
  { code: "special", label: "A special character", holds: (p) => /[^\p{L}\p{N}\s]/u.test(p) },
];

/** The rules `password` breaks, in the server's order (empty when it is acceptable). */
export function passwordProblems(password: string): PasswordRule[] {
  const broken: PasswordRule[] = PASSWORD_RULES.filter((r) => !r.holds(password)).map((r) => r.code);
  if (length(password) > MAX_LENGTH) broken.splice(1, 0, "max_length");
  return broken;
}

export function isStrongPassword(password: string): boolean {
  return passwordProblems(password).length === 0;
}

const ALPHABETS = {
  upper: "ABCDEFGHJKLMNPQRSTUVWXYZ",
  lower: "abcdefghijkmnopqrstuvwxyz",
  digit: "23456789",
  special: "!@#$%^&*-_=+?",
};

function pick(alphabet: string, random: () => number): string {
  return alphabet[Math.floor(random() * alphabet.length)] ?? alphabet[0]!;
}

function cryptoRandom(): number {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0]! / 2 ** 32;
}

/** A random password of `size` characters that meets the policy (for admin resets). */
export function generatePassword(size = 20, random: () => number = cryptoRandom): string {
  const all = Object.values(ALPHABETS).join("");
  const chars = [
    pick(ALPHABETS.upper, random),
    pick(ALPHABETS.lower, random),
    pick(ALPHABETS.digit, random),
    pick(ALPHABETS.special, random),
  ];
  while (chars.length < Math.max(size, MIN_LENGTH)) chars.push(pick(all, random));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
