/**
One entry of the ring: its id and the bytes sent for it.
*/
export type RingEntry = {readonly id: number; readonly text: string};

/**
An entry whose text is rendered the first time it is read, and kept: with nobody listening, nothing is rendered.
*/
class LazyEntry implements RingEntry {
	#render: ((id: number) => string) | undefined;
	#text: string | undefined;

	constructor(readonly id: number, render: (id: number) => string, readonly size: number) {
		this.#render = render;
	}

	get text() {
		if (this.#text === undefined) {
			this.#text = this.#render!(this.id);
			this.#render = undefined;
		}

		return this.#text;
	}
}

/**
A bounded backlog of the last events, each with an id one more than the previous, so a cursor says exactly which events a client has. It holds at most `capacity` entries and about `maxBytes` of text; the oldest go first. Entries may be rendered lazily, so that events nobody reads cost no rendering.

Ids start at the boot time in microseconds, so an id from an earlier run of the server is older than anything this one holds and a client that brings one is told to reload.
*/
export class EventRing {
	readonly #capacity: number;
	readonly #maxBytes: number;
	#entries: Array<RingEntry & {size: number}> = [];
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
	Add an event, given a function that renders it with its id; returns the id. With `size` (about the length of its text), it is rendered only when first read.
	*/
	push(render: (id: number) => string, size?: number) {
		const id = ++this.#latest;
		let entry: RingEntry & {size: number};
		if (size === undefined) {
			const text = render(id);
			entry = {id, text, size: text.length};
		} else {
			entry = new LazyEntry(id, render, size);
		}

		this.#entries.push(entry);
		this.#bytes += entry.size;
		while (this.#entries.length - this.#start > 1 && (this.#entries.length - this.#start > this.#capacity || this.#bytes > this.#maxBytes)) {
			this.#bytes -= this.#entries[this.#start]!.size;
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
