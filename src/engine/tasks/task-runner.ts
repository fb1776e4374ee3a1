import type { ModelSnapshot } from '../../../actors/messages.ts';
import type { Task } from '../../../actors/tasks.ts';
import type { Compressor, CompressorSpec } from '../../compress/compressor.ts';
import { createCompressor } from '../../compress/create-compressor.ts';
import type { Float64Pool } from '../../linalg/float64-pool.ts';
import type { Problem } from '../../problems/problem.ts';
import { localIndex } from '../../problems/problem.ts';
import { RandomStream } from '../../random/random-stream.ts';
import { taskOutputs, type TaskOutput, type TaskWorld } from './task-outputs.ts';
import type { TaskTiming } from './task-timing.ts';

/** A started job, as its worker host knows it. */
export interface StartedJob {
  readonly worker: number;
  readonly jobId: number;
  readonly tag: number;
  readonly model: ModelSnapshot;
  readonly task: Task;
  /** Virtual time the job starts computing (after the jobs queued before it). */
  readonly start: number;
  readonly timing: TaskTiming;
}

/**
 * Where jobs' tasks are computed. The worker host decides everything about a job (when it
 * starts, when it finishes, whether it is cancelled); the runner only produces its outputs.
 * Outputs depend only on the job (its own random streams), never on when or where they are
 * computed, so every runner gives the same results.
 */
export interface TaskRunner {
  /** A job started; a runner may begin computing it now (ahead of its completion). */
  started(job: StartedJob): void;
  /** The job was abandoned before completing; its outputs will not be asked for. */
  cancelled(worker: number, jobId: number): void;
  /**
   * Resolves when the job's outputs are available, or undefined if they already are (or are
   * computed on demand). The engine waits on it before running the job's completion event.
   */
  ready(worker: number, jobId: number): Promise<void> | undefined;
  /** The outputs of a completed job. */
  outputs(job: StartedJob): TaskOutput[];
}

/**
 * The random streams that make a job's outputs deterministic: one sub-stream per job of the
 * worker's oracle and compressor streams, reseeded in place for each job (no allocation).
 */
export interface JobStreams {
  /** Oracle noise of the worker. */
  readonly oracle: RandomStream;
  /** Compressor randomness of the worker. */
  readonly compression: RandomStream;
  /** The job's sub-streams, reused from job to job (a job's computation is done before the next). */
  readonly jobOracle: RandomStream;
  readonly jobCompression: RandomStream;
}

/** The streams of worker `worker` under root seed `seed`. */
export function jobStreams(seed: number, worker: number): JobStreams {
  return {
    oracle: RandomStream.named(seed, `worker/${worker}/oracle`),
    compression: RandomStream.named(seed, `worker/${worker}/compression`),
    jobOracle: new RandomStream(0),
    jobCompression: new RandomStream(0),
  };
}

/** Computes the outputs of `job` for a worker whose world and streams are given. */
export function computeOutputs(job: StartedJob, world: TaskWorld, streams: JobStreams): TaskOutput[] {
  const oracle = streams.oracle.childInto(job.jobId, streams.jobOracle);
  const compression = streams.compression.childInto(job.jobId, streams.jobCompression);
  return taskOutputs(job.task, job.model.x, job.timing, world, oracle, compression);
}

/** What one worker's tasks need: the problem, its local function, buffers, its compressors. */
export function taskWorld(problem: Problem, worker: number, buffers: Float64Pool): TaskWorld {
  const compressors = new Map<string, Compressor>();
  return {
    problem,
    local: localIndex(problem, worker),
    buffers,
    compressor(spec: CompressorSpec): Compressor {
      const key = JSON.stringify(spec);
      let compressor = compressors.get(key);
      if (compressor === undefined) {
        compressor = createCompressor(spec);
        compressors.set(key, compressor);
      }
      return compressor;
    },
  };
}

/** The inline engine's runner: computes a job's outputs when it completes, in this thread. */
export class InlineTaskRunner implements TaskRunner {
  private readonly worlds: TaskWorld[];
  private readonly streams: JobStreams[];

  constructor(problem: Problem, workers: number, seed: number, buffers: Float64Pool) {
    this.worlds = Array.from({ length: workers }, (_, w) => taskWorld(problem, w, buffers));
    this.streams = Array.from({ length: workers }, (_, w) => jobStreams(seed, w));
  }

  started(): void {}

  cancelled(): void {}

  ready(): undefined {
    return undefined;
  }

  outputs(job: StartedJob): TaskOutput[] {
    return computeOutputs(job, this.worlds[job.worker], this.streams[job.worker]);
  }
}
