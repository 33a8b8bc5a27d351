//! Soft hyphens for the mini density's tactic headers, where "Reconnaissance" is wider than its
//! column: breaks between syllables (by a simple vowel–consonant rule, enough for ATT&CK's
//! tactic names) instead of anywhere, without the browser's hyphenation data.

const VOWEL = /[aeiouy]/i;
const DIGRAPHS = new Set(["th", "ch", "sh", "ph", "wh", "ck", "gh", "qu"]);

function hyphenateWord(word: string, minLength: number): string {
  if (word.length < minLength || !/^[A-Za-z]+$/.test(word)) return word;
  const v = (i: number) => VOWEL.test(word[i]!);
  const out: string[] = [word.slice(0, 2)];
  for (let i = 2; i <= word.length - 3; i++) {
    const vcv = v(i - 1) && !v(i) && v(i + 1); // Re|con
    const vccv = v(i - 2) && !v(i - 1) && !v(i) && v(i + 1) && !DIGRAPHS.has(word.slice(i - 1, i + 1).toLowerCase()); // con|nais
    out.push(vcv || vccv ? `\u00AD${word[i]}` : word[i]!);
  }
  out.push(word.slice(Math.max(2, word.length - 2)));
  return out.join("");
}

/** `text` with soft hyphens inside its words of `minLength` letters or more. */
export function softHyphenate(text: string, minLength = 8): string {
  return text
    .split(" ")
    .map((w) => hyphenateWord(w, minLength))
    .join(" ");
}
