import type { MessagePort, TransferListItem } from 'node:worker_threads';
import type { Observer } from 'rxjs';
import { Observable } from '../streams.ts';

/**
 * RxJS streams over a MessagePort: the messages arriving on it as an Observable, and an
 * Observer that posts what it is given (with the buffers to transfer, never copied).
 *
 * Not `fromEvent`: a Node MessagePort is both an EventEmitter and an EventTarget, and fromEvent
 * picks the EventTarget side, whose listeners get MessageEvent wrappers instead of the data.
 */
export function portMessages<T>(port: MessagePort): Observable<T> {
  return new Observable<T>((subscriber) => {
    const onMessage = (message: T) => subscriber.next(message);
    const onClose = () => subscriber.complete();
    port.on('message', onMessage);
    port.on('close', onClose);
    return () => {
      port.off('message', onMessage);
      port.off('close', onClose);
    };
  });
}

export interface Outgoing<T> {
  readonly message: T;
  readonly transfer?: readonly TransferListItem[];
}

export function portSender<T>(port: MessagePort): Observer<Outgoing<T>> {
  return {
    next: ({ message, transfer }) => port.postMessage(message, transfer === undefined ? undefined : [...transfer]),
    error: () => port.close(),
    complete: () => port.close(),
  };
}
