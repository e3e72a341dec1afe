/**
 * SQL `ILIKE` matching for the fake's `*_pattern` filters, without regular expressions: the
 * greedy wildcard walk keeps one resume point, so a hostile pattern such as `%a%a%a%b` costs at
 * most pattern length × text length steps instead of backtracking exponentially.
 *
 * @module
 */

/**
 * Whether `text` matches `ILIKE '%pattern%'`, the way Airflow filters `*_pattern` parameters:
 * `%` stands for any run of characters, `_` for one, and case is ignored.
 */
export function ilikeContains(pattern: string, text: string): boolean {
  return wildcardMatch([..."%" + pattern.toLowerCase() + "%"], [...text.toLowerCase()]);
}

function wildcardMatch(pattern: string[], text: string[]): boolean {
  let p = 0;
  let t = 0;
  let resumePattern = -1;
  let resumeText = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === "%") {
      resumePattern = ++p;
      resumeText = t;
    } else if (p < pattern.length && (pattern[p] === "_" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (resumePattern >= 0) {
      p = resumePattern;
      t = ++resumeText;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "%") p++;
  return p === pattern.length;
}
