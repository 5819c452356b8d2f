/**
 * A notebook's printed figures copied as printed, one string of numbers separated by spaces:
 * a long series stays a few lines of the module instead of one line per number.
 */
export function figures(printed: string): number[] {
  return printed.trim().split(/\s+/).map(Number);
}
