import { randomBytes } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import type { WorkerRunConfig } from './context.js';

/*
 * How the CLI process hands the run's configuration to the Vitest worker: on a BroadcastChannel
 * (threads of one process; in memory, never on disk, for it holds the token) instead of Vitest's
 * `provide`, which is fixed before the worker starts. So Vitest starts first, and its worker loads
 * its modules (about a second) while the CLI process starts the server and runs discovery. A
 * message posted before the other side listens is lost: the worker asks once it listens, and
 * the CLI process, listening from the start, answers then.
 */

/** The CLI process's side. */
export class RunConfigHandoff {
  /** The channel's name, handed to the worker by Vitest's `provide`. */
  readonly name = `scim-conformance:run:${randomBytes(6).toString('hex')}`;
  private readonly channel = new BroadcastChannel(this.name);
  private readonly asked: Promise<void>;

  constructor() {
    this.asked = new Promise((resolve) => (this.channel.onmessage = () => resolve()));
    // A worker that never asks (it failed to load) must not keep the process alive.
    this.channel.unref();
  }

  /** Whether the configuration (or the news that the run is off) went out. */
  sent = false;

  /** Hands `config` over once the worker asks; `null` tells it the run is off, so it defines no test. */
  send(config: WorkerRunConfig | null): void {
    this.sent = true;
    void this.asked.then(() => this.channel.postMessage(config));
  }

  close(): void {
    this.channel.close();
  }
}

/** The worker's side: the run's configuration, or null when the CLI process called the run off. */
export async function receiveRunConfig(name: string): Promise<WorkerRunConfig | null> {
  const channel = new BroadcastChannel(name);
  try {
    const config = new Promise<WorkerRunConfig | null>(
      (resolve) => (channel.onmessage = (event) => resolve((event as { data: WorkerRunConfig | null }).data)),
    );
    channel.postMessage('ready');
    return await config;
  } finally {
    channel.close();
  }
}
