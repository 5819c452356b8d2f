// ∂loss/∂ŷ elementwise (a = ŷ, b = y), with the losses' guards (LOG_GUARD = 1e-12). OP is the
// loss's code (LOSSES in kernels/backend.ts); scale is 1/m (m = columns) for bce and cce, 2/n
// for mse. l1's −sign(y − ŷ) is 0 at 0.
// #include codes:LOSSES
override OP: u32 = LOSS_BCE;
const LOG_GUARD: f32 = 1e-12;

struct Params {
  n: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn grad(yh: f32, y: f32) -> f32 {
  switch OP {
    case LOSS_BCE: {
      return -p.scale * (y / max(yh, LOG_GUARD) - (1.0 - y) / max(1.0 - yh, LOG_GUARD));
    }
    case LOSS_CCE: { return -p.scale * (y / max(yh, LOG_GUARD)); }
    case LOSS_SSE: { return -(y - yh); }
    case LOSS_MSE: { return -p.scale * (y - yh); }
    case LOSS_L1: { return -sign(y - yh); }
    case LOSS_L2, default: { return -2.0 * (y - yh); }
  }
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.n) {
    return;
  }
  out[i] = grad(a[i], b[i]);
}
