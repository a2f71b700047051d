// The client-side counterpart of JsonPoll, as an engine.io-client 6 custom transport class.
import { Transport } from "engine.io-client";

interface WirePacket {
  type: string;
  data?: string;
  b64?: true;
}

export class JsonPollClient extends Transport {
  override get name(): string {
    return "json-poll";
  }

  #uri(): string {
    return this.createUri("http", { ...this.query, t: Date.now().toString(36) });
  }

  protected doOpen(): void {
    void this.#pollLoop();
  }

  protected doClose(): void {
    if (this.readyState === "open")
      void fetch(this.#uri(), { method: "POST", body: JSON.stringify([{ type: "close" }]) }).catch(() => {});
  }

  protected write(packets: Array<{ type: string; data?: unknown }>): void {
    this.writable = false;
    const wire = packets.map((p): WirePacket => {
      if (p.data === undefined) return { type: p.type };
      if (typeof p.data === "string") return { type: p.type, data: p.data };
      return { type: p.type, data: Buffer.from(p.data as Uint8Array).toString("base64"), b64: true };
    });
    fetch(this.#uri(), { method: "POST", body: JSON.stringify(wire) })
      .then((res) => res.text())
      .then(() => {
        this.writable = true;
        this.emitReserved("drain");
      })
      .catch((error: unknown) => this.onError("post error", error));
  }

  async #pollLoop(): Promise<void> {
    while (this.readyState === "opening" || this.readyState === "open") {
      let packets: WirePacket[];
      try {
        const res = await fetch(this.#uri());
        if (res.status !== 200) {
          this.onError("poll error", res.status);
          return;
        }
        packets = (await res.json()) as WirePacket[];
      } catch (error) {
        if (this.readyState === "open" || this.readyState === "opening") this.onError("poll error", error);
        return;
      }
      for (const p of packets) {
        if (this.readyState === "opening" && p.type === "open") this.onOpen();
        if (p.type === "close") {
          this.onClose({ description: "transport closed by the server" } as never);
          return;
        }
        const data = p.b64 ? new Uint8Array(Buffer.from(p.data ?? "", "base64")).buffer : p.data;
        this.onPacket({ type: p.type, data } as never);
      }
    }
  }
}
