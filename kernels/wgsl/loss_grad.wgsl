// ∂loss/∂ŷ elementwise (a = ŷ, b = y), with the losses' guards (LOG_GUARD = 1e-12). OP follows
// Loss in backend.ts: 0 bce −scale·(y/ŷ − (1 − y)/(1 − ŷ)), 1 cce −scale·y/ŷ (scale = 1/m,
// m = columns), 2 sse −(y − ŷ), 3 mse −scale·(y − ŷ) (scale = 2/n), 4 l1 −sign(y − ŷ) (0 at 0),
// 5 l2 −2·(y − ŷ).
override OP: u32 = 0u;
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
    case 0u: {
      return -p.scale * (y / max(yh, LOG_GUARD) - (1.0 - y) / max(1.0 - yh, LOG_GUARD));
    }
    case 1u: { return -p.scale * (y / max(yh, LOG_GUARD)); }
    case 2u: { return -(y - yh); }
    case 3u: { return -p.scale * (y - yh); }
    case 4u: { return -sign(y - yh); }
    default: { return -2.0 * (y - yh); }
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
