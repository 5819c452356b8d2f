/**
 * The course's "Regularization" assignment's pieces: its 2-D data, the regularised network (L2
 * in the cost and the gradients, inverted dropout with the masks the course's re-seeded forward
 * pass draws), and Σ‖W‖² before and after training as bars (how much the weights grew).
 */
import type { Backend } from "../../kernels/backend.ts";
import type { LayerValues } from "../../nn/init.ts";
import { dropoutMasks, Network, readParameters } from "../../nn/network.ts";
import { RandomState } from "../../numpy/rng.ts";
import type { Bar } from "../../schema/payloads.ts";
import { loadReg2d, REG2D_FILES, REG2D_HINT, type XY } from "../../data/reg2d.ts";
import { findDataFile } from "../../data/lookup.ts";
import { sumSquaredWeights } from "./net_measures.ts";

/** The `checkData` of an experiment on the 2-D data: both files must be found. */
export function checkReg2dData(dataDir?: string): void {
  for (const f of Object.values(REG2D_FILES)) findDataFile(f, { dataDir, hint: REG2D_HINT });
}

/** The 2-D data of the assignment (data/reg2d): 211 training and 200 test points. */
export async function reg2dPoints(dataDir?: string): Promise<{ train: XY; test: XY }> {
  const data = await loadReg2d({ dataDir });
  return {
    train: { X: data.trainX, Y: data.trainY, m: data.mTrain },
    test: { X: data.testX, Y: data.testY, m: data.mTest },
  };
}

/** A ReLU network with L2 `lambd` and dropout `keepProb` on the hidden layers, and its label. */
export interface RegularisedNet {
  net: Network;
  /** "none", "L2 λ=0.7", "dropout keep=0.86" or both joined with " + ". */
  setup: string;
  /** Frees the network and its masks. */
  dispose(): void;
}

/**
 * The network from `values`. The course calls np.random.seed(`dropoutSeed`) at the start of
 * every forward pass, so one draw of the masks (D1, then D2, … for `m` examples) gives every
 * iteration's.
 */
export function regularisedNet(
  b: Backend,
  values: LayerValues[],
  layers: number[],
  opts: { lambd: number; keepProb: number; dropoutSeed: number },
  m: number,
): RegularisedNet {
  const { lambd, keepProb } = opts;
  const net = Network.fromValues(b, { layerDims: layers, hidden: "relu", lambd, keepProb }, values);
  const masks = keepProb < 1
    ? dropoutMasks(b, new RandomState(opts.dropoutSeed), layers, m, keepProb)
    : [];
  if (masks.length > 0) net.masks = masks;
  const setup = [lambd > 0 ? `L2 λ=${lambd}` : "", keepProb < 1 ? `dropout keep=${keepProb}` : ""]
    .filter((s) => s !== "").join(" + ") || "none";
  return {
    net,
    setup,
    dispose: () => {
      net.dispose();
      for (const mask of masks) mask.dispose();
    },
  };
}

/** Σ_l ‖W[l]‖² at initialisation and after training. */
export type WeightGrowth = {
  weightsInitial: number;
  weightsFinal: number;
  /** The same two figures as bars, the final one noted with its ratio to the initial. */
  weightBars: Bar[];
};

/** `WeightGrowth` of `net`, trained from `initial`. */
export async function weightGrowth(
  b: Backend,
  initial: LayerValues[],
  net: Network,
): Promise<WeightGrowth> {
  const weightsFinal = sumSquaredWeights(await readParameters(b, net.params));
  const weightsInitial = sumSquaredWeights(initial);
  return {
    weightsInitial,
    weightsFinal,
    weightBars: [
      { label: "at initialisation", value: weightsInitial },
      {
        label: "after training",
        value: weightsFinal,
        note: `×${(weightsFinal / weightsInitial).toPrecision(3)}`,
      },
    ],
  };
}
