/**
One entry of the ring: its id and the bytes sent for it.
*/
export type RingEntry = {id: number; text: string};

/**
A bounded backlog of the last events, each with an id one more than the previous, so a cursor says exactly which events a client has. It holds at most `capacity` entries and about `maxBytes` of text; the oldest go first.

Ids start at the boot time in microseconds, so an id from an earlier run of the server is older than anything this one holds and a client that brings one is told to reload.
*/
export class EventRing {
	readonly #capacity: number;
	readonly #maxBytes: number;
	#entries: RingEntry[] = [];
	#start = 0;
	#bytes = 0;
	#latest: number;

	constructor({capacity = 4096, maxBytes = 8 * 1024 * 1024, firstId = Date.now() * 1000}: {capacity?: number; maxBytes?: number; firstId?: number} = {}) {
		this.#capacity = capacity;
		this.#maxBytes = maxBytes;
		this.#latest = firstId - 1;
	}

	/**
	The id of the newest event (or, before any, the id just below the first one).
	*/
	get latestId() {
		return this.#latest;
	}

	/**
	The id of the oldest event still held (latestId + 1 when empty).
	*/
	get oldestId() {
		return this.#entries[this.#start]?.id ?? this.#latest + 1;
	}

	/**
	Add an event, given a function that renders it with its id; returns the id.
	*/
	push(render: (id: number) => string) {
		const id = ++this.#latest;
		const text = render(id);
		this.#entries.push({id, text});
		this.#bytes += text.length;
		while (this.#entries.length - this.#start > 1 && (this.#entries.length - this.#start > this.#capacity || this.#bytes > this.#maxBytes)) {
			this.#bytes -= this.#entries[this.#start]!.text.length;
			this.#start++;
		}

		if (this.#start > this.#capacity) {
			this.#entries = this.#entries.slice(this.#start);
			this.#start = 0;
		}

		return id;
	}

	/**
	Whether a client that has seen everything up to `id` can be given the rest from the ring.
	*/
	covers(id: number) {
		return Number.isSafeInteger(id) && id >= this.oldestId - 1 && id <= this.#latest;
	}

	/**
	The entry right after `id`, if the ring holds it.
	*/
	after(id: number): RingEntry | undefined {
		const first = this.oldestId;
		return id + 1 >= first ? this.#entries[this.#start + (id + 1 - first)] : undefined;
	}
}
