declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(word: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  export function LevenshteinDistance(a: string, b: string): number;
}
