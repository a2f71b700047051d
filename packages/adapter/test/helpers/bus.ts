// An in-process message bus for cluster adapters that behaves like a network: every delivery is
// asynchronous and gets a structured clone (no object is shared between members), messages keep
// their order, a published message gets an offset, and a member can be cut off.
import {
  ClusterAdapterWithHeartbeat,
  type AdapterNamespace,
  type ClusterAdapterOptions,
  type ClusterMessage,
  type ClusterResponse,
} from "@socketry/adapter";
import { ClusterAdapterWithHeartbeat as OfficialClusterAdapterWithHeartbeat } from "socket.io-adapter";

export interface BusMember {
  readonly memberId: string;
  readonly nspName: string;
  deliver(message: unknown, offset: string): void;
  deliverResponse(response: unknown): void;
}

export class Bus {
  readonly members = new Set<BusMember>();
  readonly cutOff = new Set<BusMember>();
  /** Every message published, as sent (for wire-format checks). */
  readonly published: Array<ClusterMessage | ClusterResponse> = [];
  #offset = 0;

  publish(from: BusMember, message: ClusterMessage): Promise<string> {
    this.published.push(structuredClone(message));
    const offset = String(++this.#offset);
    if (this.cutOff.has(from)) return Promise.resolve(offset);
    for (const member of this.members) {
      if (member === from || this.cutOff.has(member)) continue;
      const copy = structuredClone(message);
      setImmediate(() => member.deliver(copy, offset));
    }
    return Promise.resolve(offset);
  }

  respond(from: BusMember, to: string, response: ClusterResponse): Promise<void> {
    this.published.push(structuredClone(response));
    if (this.cutOff.has(from)) return Promise.resolve();
    for (const member of this.members) {
      if (member.memberId !== to || this.cutOff.has(member)) continue;
      const copy = structuredClone(response);
      setImmediate(() => member.deliverResponse(copy));
    }
    return Promise.resolve();
  }
}

/** Our ClusterAdapterWithHeartbeat over a bus. */
export function socketryBusAdapter(bus: Bus, opts: ClusterAdapterOptions = {}) {
  return class SocketryBusAdapter extends ClusterAdapterWithHeartbeat implements BusMember {
    constructor(nsp: AdapterNamespace) {
      super(nsp, opts);
      bus.members.add(this);
    }
    get memberId(): string {
      return this.uid;
    }
    get nspName(): string {
      return this.nsp.name;
    }
    deliver(message: unknown, offset: string): void {
      this.onMessage(message as ClusterMessage, offset);
    }
    deliverResponse(response: unknown): void {
      this.onResponse(response as ClusterResponse);
    }
    protected doPublish(message: ClusterMessage): Promise<string> {
      return bus.publish(this, message);
    }
    protected doPublishResponse(requesterUid: string, response: ClusterResponse): Promise<void> {
      return bus.respond(this, requesterUid, response);
    }
    override close() {
      const result = super.close();
      bus.members.delete(this);
      return result;
    }
  };
}

/** The official socket.io-adapter ClusterAdapterWithHeartbeat over the same bus. */
export function officialBusAdapter(bus: Bus, opts: ClusterAdapterOptions = {}) {
  return class OfficialBusAdapter extends OfficialClusterAdapterWithHeartbeat implements BusMember {
    constructor(nsp: any) {
      super(nsp, opts);
      bus.members.add(this);
    }
    get memberId(): string {
      return this.uid;
    }
    get nspName(): string {
      return this.nsp.name;
    }
    deliver(message: unknown, offset: string): void {
      // The official base does not filter by namespace: its transports route by namespace.
      if ((message as ClusterMessage).nsp !== this.nsp.name) return;
      this.onMessage(message as any, offset);
    }
    deliverResponse(response: unknown): void {
      if ((response as ClusterResponse).nsp !== this.nsp.name) return;
      this.onResponse(response as any);
    }
    protected doPublish(message: any): Promise<string> {
      return bus.publish(this, message);
    }
    protected doPublishResponse(requesterUid: string, response: any): Promise<void> {
      return bus.respond(this, requesterUid, response);
    }
    override close() {
      super.close();
      bus.members.delete(this);
    }
  };
}
