/** The `lr` param the experiments declare alike: ≥ 0, drawn log-uniformly by `--random`. */
export function learningRate(value: number, random: { min: number; max: number }) {
  const { min, max } = random;
  return {
    type: "number",
    default: value,
    min: 0,
    doc: "learning rate",
    random: { min, max, log: true },
  } as const;
}
