/** The `lr` param the experiments declare alike: ≥ 0, drawn log-uniformly by `--random`. */
export function learningRate(value: number, random: { min: number; max: number }) {
  const r = { min: random.min, max: random.max, log: true };
  return { type: "number", default: value, min: 0, doc: "learning rate", random: r } as const;
}
