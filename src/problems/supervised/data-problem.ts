import type { RandomStream } from '../../random/random-stream.ts';
import type { LabelledData } from '../data/dataset.ts';
import { selectRows } from '../data/select-rows.ts';
import type { DataDescription, Problem } from '../problem.ts';
import type { EvaluationSet } from './evaluation-set.ts';
import type { Model } from './model.ts';

export interface DataProblemOptions {
  readonly kind: string;
  readonly model: Model;
  /** Name of the dataset, for the result. */
  readonly dataset: string;
  readonly classes: number;
  readonly train: LabelledData;
  readonly test: LabelledData;
  /** Per worker, its examples (indices into train); `shared`: every worker samples all of them. */
  readonly parts: readonly Int32Array[] | 'shared';
  readonly workers: number;
  /** Examples per stochastic gradient, drawn uniformly with replacement from the worker's part. */
  readonly batch: number;
  readonly evaluation: EvaluationSet;
  readonly labelHistograms: readonly (readonly number[])[];
  readonly x0: Float64Array;
}

/**
 * f(x) = (1/n) Σ_i f_i(x) + r(x), f_i the mean loss of a model over worker i's examples (all
 * workers' data when the split is `shared`). A stochastic gradient is the gradient of the mean
 * loss over a minibatch drawn from the worker's part with the job's own random stream. f and ∇f
 * are evaluated on the evaluation set (a seeded subset when the scenario asks for one: the
 * result says which). f* is unknown.
 */
export class DataProblem implements Problem {
  readonly kind: string;
  readonly dimension: number;
  readonly localFunctions: number;
  readonly optimalLoss = undefined;
  readonly smoothness = undefined;
  readonly noiseVariance = undefined;
  readonly data: DataDescription;
  private readonly model: Model;
  private readonly features: number;
  private readonly block: Float64Array;
  private readonly labels: Uint8Array;
  private readonly predictions: Uint8Array;
  private readonly all: Int32Array;
  /** Per worker, its evaluation examples gathered once (evaluation runs at every checkpoint). */
  private readonly evaluationRows: readonly LabelledData[];

  constructor(private readonly options: DataProblemOptions) {
    const { model, train } = options;
    this.kind = options.kind;
    this.model = model;
    this.dimension = model.dimension;
    this.features = train.features;
    this.localFunctions = options.parts === 'shared' ? 1 : options.workers;
    this.block = new Float64Array(model.maxBlock * train.features);
    this.labels = new Uint8Array(model.maxBlock);
    this.predictions = new Uint8Array(model.maxBlock);
    this.all = Int32Array.from({ length: train.count }, (_, k) => k);
    this.evaluationRows = options.evaluation.parts.map((part) => selectRows(train, part));
    this.data = {
      dataset: options.dataset,
      train: train.count,
      test: options.test.count,
      batch: options.batch,
      split: options.parts === 'shared' ? 'shared' : 'per worker',
      labelHistograms: options.labelHistograms,
      evaluation: { examples: options.evaluation.examples, of: options.evaluation.of },
    };
  }

  initialPoint(): Float64Array {
    return Float64Array.from(this.options.x0);
  }

  loss(x: Float64Array): number {
    return this.evaluate(x, undefined);
  }

  gradient(x: Float64Array, out: Float64Array): void {
    out.fill(0);
    this.evaluate(x, out);
  }

  lossAndGradient(x: Float64Array, out: Float64Array): number {
    out.fill(0);
    return this.evaluate(x, out);
  }

  stochasticGradient(worker: number, x: Float64Array, rng: RandomStream, out: Float64Array): void {
    const part = this.options.parts === 'shared' ? this.all : this.options.parts[worker];
    const { batch } = this.options;
    out.fill(0);
    for (let done = 0; done < batch; ) {
      const count = Math.min(this.model.maxBlock, batch - done);
      for (let j = 0; j < count; j++) this.gather(j, part[rng.int(part.length)]);
      this.model.accumulate(x, this.block, this.labels, count, 1 / batch, out);
      done += count;
    }
    this.model.regularizer(x, out);
  }

  /** Accuracy of the model's predictions on the held-out examples. */
  testAccuracy(x: Float64Array): number {
    const { test } = this.options;
    const size = this.model.maxBlock;
    let correct = 0;
    for (let from = 0; from < test.count; from += size) {
      const count = Math.min(size, test.count - from);
      this.block.set(test.x.subarray(from * this.features, (from + count) * this.features));
      this.model.predict(x, this.block, count, this.predictions);
      for (let j = 0; j < count; j++) if (this.predictions[j] === test.y[from + j]) correct++;
    }
    return test.count === 0 ? Number.NaN : correct / test.count;
  }

  /** f on the evaluation set, adding ∇f to `gradient` when given. */
  private evaluate(x: Float64Array, gradient: Float64Array | undefined): number {
    const { weights } = this.options.evaluation;
    const size = this.model.maxBlock;
    const f = this.features;
    let loss = 0;
    this.evaluationRows.forEach(({ x: rows, y: labels, count: total }, w) => {
      for (let from = 0; from < total; from += size) {
        const count = Math.min(size, total - from);
        loss += this.model.accumulate(x, rows.subarray(from * f, (from + count) * f), labels.subarray(from, from + count), count, weights[w], gradient);
      }
    });
    return loss + this.model.regularizer(x, gradient);
  }

  /** Copies training example `index` into row `row` of the block (a plain loop: no view allocated). */
  private gather(row: number, index: number): void {
    const { x, y } = this.options.train;
    const f = this.features;
    const block = this.block;
    const from = index * f;
    const to = row * f;
    for (let k = 0; k < f; k++) block[to + k] = x[from + k];
    this.labels[row] = y[index];
  }
}
