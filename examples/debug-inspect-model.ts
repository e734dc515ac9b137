// The blog's second use of hook(): inspecting a model after a long computation.
//
// A logistic regression is trained by gradient descent on synthetic data (CPU only, seeded,
// so every run is the same). The hook after training gives a prompt with the model, the data
// and the helper functions at hand, to compute metrics nobody thought of beforehand:
//
//   node --enable-source-maps build/examples/debug-inspect-model.js
//   > accuracy(model, test)
//   > model.weights.map((w) => w.toFixed(2))
//   > test.filter((p) => predict(model, p.x) !== p.label).length
import { hook } from 'hookline/debug';

interface Point {
  readonly x: readonly [number, number];
  readonly label: 0 | 1;
}

interface Model {
  /** Bias, then one weight per feature. */
  readonly weights: number[];
  readonly epochs: number;
}

/** A small seeded generator (mulberry32), so the data and the model are the same every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeData(count: number, next: () => number): Point[] {
  return Array.from({ length: count }, () => {
    const label = next() < 0.5 ? 0 : 1;
    const centre = label === 1 ? 1.5 : -1.5;
    const x: [number, number] = [centre + (next() - 0.5) * 4, centre + (next() - 0.5) * 4];
    return { x, label };
  });
}

function probability(model: Model, x: readonly number[]): number {
  const [bias = 0, ...weights] = model.weights;
  const z = weights.reduce((sum, w, i) => sum + w * (x[i] ?? 0), bias);
  return 1 / (1 + Math.exp(-z));
}

export function predict(model: Model, x: readonly number[]): 0 | 1 {
  return probability(model, x) >= 0.5 ? 1 : 0;
}

export function accuracy(model: Model, points: readonly Point[]): number {
  return points.filter((p) => predict(model, p.x) === p.label).length / points.length;
}

function train(points: readonly Point[], epochs: number, rate: number): Model {
  const model: Model = { weights: [0, 0, 0], epochs };
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    for (const point of points) {
      const error = probability(model, point.x) - point.label;
      model.weights[0] = (model.weights[0] ?? 0) - rate * error;
      model.weights[1] = (model.weights[1] ?? 0) - rate * error * point.x[0];
      model.weights[2] = (model.weights[2] ?? 0) - rate * error * point.x[1];
    }
  }
  return model;
}

function main(): void {
  const next = random(42);
  const train_ = makeData(2_000, next);
  const test = makeData(500, next);
  const model = train(train_, 200, 0.01);
  // Inspect the model.
  hook({ banner: `Trained on ${train_.length} points for ${model.epochs} epochs` });
  console.log(`accuracy ${accuracy(model, test).toFixed(3)}`);
}

main();
