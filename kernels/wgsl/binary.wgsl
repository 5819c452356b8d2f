// Elementwise out = a ∘ b, with b read through strides so that a [rows, 1], [1, cols] or [1, 1]
// operand broadcasts (stride 0 on the broadcast axis). OP is the op's code (BINARY_OPS in
// kernels/backend.ts).
// #include codes:BINARY_OPS
override OP: u32 = BINARY_ADD;

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
    case BINARY_ADD: { return x + y; }
    case BINARY_SUB: { return x - y; }
    case BINARY_MUL: { return x * y; }
    case BINARY_DIV: { return x / y; }
    case BINARY_MAX: { return max(x, y); }
    case BINARY_MIN: { return min(x, y); }
    case BINARY_EQ: { return select(0.0, 1.0, x == y); }
    case BINARY_NE: { return select(0.0, 1.0, x != y); }
    case BINARY_LT: { return select(0.0, 1.0, x < y); }
    case BINARY_LE: { return select(0.0, 1.0, x <= y); }
    case BINARY_GT: { return select(0.0, 1.0, x > y); }
    case BINARY_GE, default: { return select(0.0, 1.0, x >= y); }
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
