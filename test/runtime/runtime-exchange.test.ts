import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {after, test} from 'node:test';
import {serveLean, type Exchange} from '../../source/runtime/runtime-exchange.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdeck-exchange-'));
after(() => fs.rmSync(folder, {recursive: true, force: true}));

/**
A lean server on a fresh Unix socket and one client connected to it, which records every chunk it receives (one chunk per write of the server, at these sizes).
*/
const connect = async (maxBody: number, onExchange: (exchange: Exchange) => void) => {
	const socketPath = path.join(folder, `${Math.random().toString(16).slice(2)}.sock`);
	const server = net.createServer(socket => serveLean(socket, maxBody, onExchange));
	await new Promise<void>(resolve => server.listen(socketPath, resolve));
	const client = net.connect(socketPath);
	const chunks: string[] = [];
	const closed = new Promise<void>(resolve => client.on('close', () => resolve()));
	client.on('data', chunk => chunks.push(chunk.toString('latin1')));
	await new Promise<void>(resolve => client.once('connect', resolve));
	return {
		client,
		chunks,
		closed,
		async close() {
			client.destroy();
			await new Promise(resolve => server.close(resolve));
		},
	};
};

const until = async (check: () => boolean) => {
	while (!check()) {
		await new Promise(resolve => setImmediate(resolve));
	}
};

test('lean runtime HTTP > a reply\'s acknowledgement waits for the pipelined request behind it and leaves with its answer in one write', async () => {
	const exchanges: Exchange[] = [];
	const bodies: Array<Buffer | number> = [];
	const connection = await connect(1024, exchange => {
		exchanges.push(exchange);
		if (exchange.method === 'POST') {
			void exchange.body(1024).then(body => {
				bodies.push(body);
				exchange.acknowledge(202, {'Content-Length': 2}, Buffer.from('ok'));
			});
		}
	});
	connection.client.write('POST /reply HTTP/1.1\r\nContent-Length: 5\r\nLambdeck-Log-Bytes: 7\r\n\r\nhelloGET /next HTTP/1.1\r\nContent-Length: 0\r\n\r\n');
	await until(() => bodies.length === 1 && exchanges.length === 2);
	assert.equal(bodies[0]!.toString(), 'hello');
	assert.equal(exchanges[0]!.header('lambdeck-log-bytes'), '7');
	await new Promise(resolve => setTimeout(resolve, 20));
	assert.deepEqual(connection.chunks, [], 'nothing is written while the request behind the acknowledgement waits');
	exchanges[1]!.reply(200, {'Content-Length': 5, 'Lambda-Runtime-Aws-Request-Id': 'r1'}, Buffer.from('event'));
	await until(() => connection.chunks.length > 0);
	assert.deepEqual(connection.chunks, ['HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\nLambda-Runtime-Aws-Request-Id: r1\r\n\r\nevent']);
	await connection.close();
});

test('lean runtime HTTP > an acknowledgement with nothing behind it is written at once, and a body past the limit is told by its size', async () => {
	const bodies: Array<Buffer | number> = [];
	const connection = await connect(4, exchange => {
		void exchange.body(4).then(body => {
			bodies.push(body);
			exchange.acknowledge(202, {'Content-Length': 0}, Buffer.alloc(0));
		});
	});
	try {
		connection.client.write('POST /error HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123');
		connection.client.write('456789');
		await until(() => connection.chunks.length === 1);
		assert.deepEqual(bodies, [10]);
		assert.deepEqual(connection.chunks, ['HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n']);
	} finally {
		await connection.close();
	}
});

test('lean runtime HTTP > what our runtime clients never send (chunked bodies, other versions) is answered 400 and the connection closed', async () => {
	for (const request of ['POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n', 'GET /x HTTP/1.0\r\n\r\n', 'nonsense\r\n\r\n']) {
		const seen: Exchange[] = [];
		const connection = await connect(1024, exchange => seen.push(exchange));
		connection.client.write(request);
		await connection.closed;
		assert.equal(seen.length, 0);
		assert.match(connection.chunks.join(''), /^HTTP\/1\.1 400 Bad Request\r\n/);
		await connection.close();
	}
});

test('runtime API over TCP > a runtime that pipelines its reply and the next /next gets the next event without waiting for a delayed ACK', async () => {
	const {RuntimeApiServer} = await import('../../source/runtime/runtime-api.js');
	const api = new RuntimeApiServer();
	const [host, port] = (await api.listen()).split(':');
	api.serveProcessesOf(process.pid);
	const client = net.connect({host, port: Number(port)});
	client.setNoDelay(true);
	let received = '';
	client.on('data', chunk => {
		received += chunk.toString('latin1');
	});
	try {
		const event = (id: string) => ({requestId: id, payload: Buffer.from('{}'), deadlineMs: Date.now() + 1000, invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f', traceId: 'Root=1-0-0'});
		client.write('GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n');
		const rounds: number[] = [];
		for (let round = 0; round < 6; round++) {
			const id = `r${round}`;
			const started = performance.now();
			const reply = api.deliver(event(id));
			await until(() => received.includes(`Lambda-Runtime-Aws-Request-Id: ${id}`) && received.endsWith('{}'));
			client.write(`POST /2018-06-01/runtime/invocation/${id}/response HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`);
			assert.equal((await reply).kind, 'response');
			rounds.push(performance.now() - started);
		}

		// With Nagle's algorithm on, the event written right behind the 202 waits for the runtime's delayed ACK (40 ms) every round.
		assert.ok(rounds.sort((a, b) => a - b)[3]! < 30, `rounds took ${rounds.map(ms => ms.toFixed(1)).join(', ')} ms`);
	} finally {
		client.destroy();
		await api.close();
	}
});
