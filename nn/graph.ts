/**
 * A computation graph over scalars with reverse-mode differentiation, as lectures 002 and 004
 * draw it: each node is one elementary operation, `backward` walks the graph from the output
 * and multiplies local derivatives along the chain rule. Used to reproduce the lectures'
 * worked examples with the harness's own backward code.
 */

type Op = "input" | "add" | "mul" | "neg" | "exp" | "reciprocal" | "sigmoid";

export interface GraphNode {
  readonly id: number;
  readonly name: string;
  readonly op: Op;
  readonly value: number;
  readonly inputs: readonly GraphNode[];
}

export class Graph {
  #nodes: GraphNode[] = [];

  #node(name: string, op: Op, value: number, inputs: GraphNode[]): GraphNode {
    const n = { id: this.#nodes.length, name, op, value, inputs };
    this.#nodes.push(n);
    return n;
  }

  input(name: string, value: number): GraphNode {
    return this.#node(name, "input", value, []);
  }
  add(name: string, a: GraphNode, b: GraphNode): GraphNode {
    return this.#node(name, "add", a.value + b.value, [a, b]);
  }
  mul(name: string, a: GraphNode, b: GraphNode): GraphNode {
    return this.#node(name, "mul", a.value * b.value, [a, b]);
  }
  neg(name: string, a: GraphNode): GraphNode {
    return this.#node(name, "neg", -a.value, [a]);
  }
  exp(name: string, a: GraphNode): GraphNode {
    return this.#node(name, "exp", Math.exp(a.value), [a]);
  }
  reciprocal(name: string, a: GraphNode): GraphNode {
    return this.#node(name, "reciprocal", 1 / a.value, [a]);
  }
  sigmoid(name: string, a: GraphNode): GraphNode {
    return this.#node(name, "sigmoid", 1 / (1 + Math.exp(-a.value)), [a]);
  }

  /** ∂output/∂node for every node, by the chain rule from the output back. */
  backward(output: GraphNode): Map<string, number> {
    const grad = new Array<number>(this.#nodes.length).fill(0);
    grad[output.id] = 1;
    // Nodes are created in topological order, so reverse creation order is a valid backward order.
    for (let i = output.id; i >= 0; i--) {
      const n = this.#nodes[i];
      const g = grad[i];
      if (g === 0 && i !== output.id) continue;
      const local = localDerivatives(n);
      n.inputs.forEach((inp, k) => grad[inp.id] += g * local[k]);
    }
    return new Map(this.#nodes.map((n) => [n.name, grad[n.id]]));
  }
}

/** ∂node/∂input for each input of one node. */
function localDerivatives(n: GraphNode): number[] {
  const [a, b] = n.inputs;
  switch (n.op) {
    case "input":
      return [];
    case "add":
      return [1, 1];
    case "mul":
      return [b.value, a.value];
    case "neg":
      return [-1];
    case "exp":
      return [n.value];
    case "reciprocal":
      return [-1 / (a.value * a.value)];
    case "sigmoid":
      return [n.value * (1 - n.value)];
  }
}
