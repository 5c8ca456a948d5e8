import {parentPort, workerData} from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
One statement of a batch: SQL with its parameters; `rows` asks for the rows it selects.
*/
export type StoreOp = {sql: string; params?: unknown[]; rows?: boolean};

/**
A batch the main thread hands over: every op of it runs in one transaction, committed (and synced) before the answer.
*/
export type StoreBatch = {id: number; ops: StoreOp[]};

/**
The answer to a batch: per op, its rows (when asked) or its error message.
*/
export type StoreAnswer = {id: number; results: Array<{rows?: unknown[]; error?: string}>; error?: string};

const database = new Database(workerData.file as string);
database.pragma('journal_mode = WAL');
database.pragma('synchronous = FULL');
database.exec(workerData.schema as string);
const statements = new Map<string, Database.Statement>();

const prepare = (sql: string) => {
	let statement = statements.get(sql);
	if (!statement) {
		statement = database.prepare(sql);
		statements.set(sql, statement);
	}

	return statement;
};

const runBatch = database.transaction((ops: StoreOp[]) => ops.map(op => {
	try {
		const statement = prepare(op.sql);
		return op.rows ? {rows: statement.all(...(op.params ?? []))} : (statement.run(...(op.params ?? [])), {});
	} catch (error) {
		// A failed statement is undone on its own; the rest of the batch still commits.
		return {error: (error as Error).message};
	}
}));

parentPort!.on('message', (batch: StoreBatch | 'close') => {
	if (batch === 'close') {
		database.close();
		parentPort!.postMessage('closed');
		return;
	}

	try {
		parentPort!.postMessage({id: batch.id, results: runBatch(batch.ops)} satisfies StoreAnswer);
	} catch (error) {
		parentPort!.postMessage({id: batch.id, results: [], error: (error as Error).message} satisfies StoreAnswer);
	}
});
