/**
Whether an endpoint URL is on this machine, where a missing region or missing credentials can fall back to placeholders (a lambdeck `serve`, ElasticMQ or LocalStack on loopback check none unless told to).
*/
export const isLoopback = (endpoint: string | undefined) => {
	if (!endpoint) {
		return false;
	}

	try {
		const {hostname} = new URL(endpoint);
		return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
	} catch {
		return false;
	}
};
