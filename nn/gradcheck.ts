/**
 * Gradient checking, as the course's `gradient_check_n`: for every parameter θᵢ,
 * gradapprox[i] = (J(θ + εeᵢ) − J(θ − εeᵢ)) / 2ε, and the check passes when
 * difference = ‖grad − gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂) is small (the course warns
 * above 2e-7 with ε = 1e-7).
 *
 * Meant for the `cpu` backend (Float64): in float32 the differences drown in rounding.
 * Parameters are perturbed by writing exact host copies back (`assign`), so θ is restored bit
 * for bit after each probe.
 *
 * @module
 */
import type { Backend, Tensor } from "../kernels/backend.ts";
import { RandomState } from "../numpy/rng.ts";
import type { Trainable } from "./loop.ts";

export interface GradCheckOptions {
  /** ε of the two-sided difference; 1e-7 (the course's) by default. */
  epsilon?: number;
  /**
   * Probe at most this many entries of each parameter tensor (chosen without replacement by a
   * RandomState seeded with `sampleSeed`); all of them by default. For large models (LeNet-5).
   */
  sample?: number;
  sampleSeed?: number;
}

export interface GradCheckResult {
  /** ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖) over every probed entry. */
  difference: number;
  /** Entries probed. */
  checked: number;
  /** The probed entry with the largest |grad − gradapprox|. */
  worst: { parameter: number; index: number; analytic: number; numeric: number };
}

/**
 * Checks `grads` (analytic, in `params` order) against two-sided differences of `cost`, which
 * must recompute J from the current parameter values (a `[1, 1]` tensor).
 */
/** Costs read back per wait. */
const READ_BATCH = 256;

export async function gradientCheck(
  backend: Backend,
  params: readonly Tensor[],
  grads: readonly Tensor[],
  cost: () => Tensor,
  opts: GradCheckOptions = {},
): Promise<GradCheckResult> {
  if (grads.length !== params.length) {
    throw new RangeError(`gradcheck: ${grads.length} gradients for ${params.length} parameters`);
  }
  const eps = opts.epsilon ?? 1e-7;
  const pick = new RandomState(opts.sampleSeed ?? 0);
  let num2 = 0, g2 = 0, a2 = 0, checked = 0;
  const worst = { parameter: -1, index: -1, analytic: 0, numeric: 0 };
  const analytic = await backend.readMany(grads);
  for (let p = 0; p < params.length; p++) {
    if (grads[p].shape[0] !== params[p].shape[0] || grads[p].shape[1] !== params[p].shape[1]) {
      throw new RangeError(
        `gradcheck: gradient ${p} is [${grads[p].shape}], parameter [${params[p].shape}]`,
      );
    }
    const theta = (await backend.readMany([params[p]]))[0];
    const n = theta.length;
    const indices = opts.sample !== undefined && opts.sample < n
      ? Array.from(pick.choice(n, opts.sample, false)).sort((x, y) => x - y)
      : Array.from({ length: n }, (_, i) => i);
    const probe = theta.slice();
    const write = () => {
      const t = backend.fromArray(probe, params[p].shape);
      backend.assign(params[p], t);
      t.dispose();
    };
    // J(θ + ε) and J(θ − ε) of every index are queued on the device in order and read back
    // together (a waited read costs ~11 ms on llvmpipe; the values are the same as one at a
    // time: each cost is computed from the parameters written just before it).
    const costs: Tensor[] = [];
    try {
      let values: Float64Array[] = [];
      for (let c = 0; c < indices.length; c += READ_BATCH) {
        for (const i of indices.slice(c, c + READ_BATCH)) {
          probe[i] = theta[i] + eps;
          write();
          costs.push(backend.tidy(cost));
          probe[i] = theta[i] - eps;
          write();
          costs.push(backend.tidy(cost));
          probe[i] = theta[i];
        }
        values = values.concat(await backend.readMany(costs.slice(2 * c)));
      }
      for (const [k, i] of indices.entries()) {
        const approx = (values[2 * k][0] - values[2 * k + 1][0]) / (2 * eps);
        const g = analytic[p][i];
        const d = g - approx;
        num2 += d * d;
        g2 += g * g;
        a2 += approx * approx;
        checked++;
        if (Math.abs(d) > Math.abs(worst.analytic - worst.numeric) || worst.parameter < 0) {
          Object.assign(worst, { parameter: p, index: i, analytic: g, numeric: approx });
        }
      }
    } finally {
      for (const t of costs) t.dispose();
      probe.set(theta);
      write(); // θ exactly as it was
    }
  }
  const denom = Math.sqrt(g2) + Math.sqrt(a2);
  return { difference: denom === 0 ? 0 : Math.sqrt(num2) / denom, checked, worst };
}

/** Gradient check of a model's `gradients` against its own `cost` at (X, Y). */
export async function gradientCheckModel(
  backend: Backend,
  model: Trainable,
  X: Tensor,
  Y: Tensor,
  opts: GradCheckOptions = {},
): Promise<GradCheckResult> {
  const grads = backend.tidy(() => model.gradients(X, Y, false).grads);
  try {
    return await gradientCheck(backend, model.parameters(), grads, () => model.cost(X, Y), opts);
  } finally {
    for (const g of grads) g.dispose();
  }
}
