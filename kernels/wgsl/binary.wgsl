// Elementwise out = a ∘ b, with b read through strides so that a [rows, 1], [1, cols] or [1, 1]
// operand broadcasts (stride 0 on the broadcast axis). OP selects the operation.
override OP: u32 = 0u;

struct Params {
  rows: u32,
  cols: u32,
  b_row_stride: u32,
  b_col_stride: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn apply(x: f32, y: f32) -> f32 {
  switch OP {
    case 0u: { return x + y; }
    case 1u: { return x - y; }
    case 2u: { return x * y; }
    case 3u: { return x / y; }
    case 4u: { return max(x, y); }
    case 5u: { return min(x, y); }
    case 6u: { return select(0.0, 1.0, x == y); }
    case 7u: { return select(0.0, 1.0, x != y); }
    case 8u: { return select(0.0, 1.0, x < y); }
    case 9u: { return select(0.0, 1.0, x <= y); }
    case 10u: { return select(0.0, 1.0, x > y); }
    default: { return select(0.0, 1.0, x >= y); }
  }
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.rows * p.cols) {
    return;
  }
  let r = i / p.cols;
  let c = i - r * p.cols;
  out[i] = apply(a[i], b[r * p.b_row_stride + c * p.b_col_stride]);
}
