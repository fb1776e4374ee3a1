/** A model the server has sent: immutable while any job holds it. */
export interface ModelSnapshot {
  readonly x: Float64Array;
  /** The server iteration it belongs to. */
  readonly version: number;
}
