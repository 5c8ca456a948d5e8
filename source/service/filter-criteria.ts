/**
Whether a value matches one rule of an event filter pattern: a literal, or `{prefix}`, `{suffix}`, `{exists}`, `{anything-but}`, `{numeric}`.
*/
const matchesRule = (rule: unknown, value: unknown, present: boolean): boolean => {
	if (rule === null || typeof rule !== 'object') {
		return present && value === rule;
	}

	const operator = rule as Record<string, unknown>;
	if ('exists' in operator) {
		return operator.exists === present;
	}

	if (!present) {
		return false;
	}

	if ('prefix' in operator) {
		return typeof value === 'string' && value.startsWith(String(operator.prefix));
	}

	if ('suffix' in operator) {
		return typeof value === 'string' && value.endsWith(String(operator.suffix));
	}

	if ('anything-but' in operator) {
		const excluded = operator['anything-but'];
		return Array.isArray(excluded) ? !excluded.includes(value) : value !== excluded;
	}

	if ('numeric' in operator && typeof value === 'number') {
		const terms = operator.numeric as Array<string | number>;
		for (let index = 0; index < terms.length; index += 2) {
			const bound = Number(terms[index + 1]);
			const ok = {'=': value === bound, '<': value < bound, '<=': value <= bound, '>': value > bound, '>=': value >= bound}[String(terms[index])];
			if (!ok) {
				return false;
			}
		}

		return true;
	}

	return false;
};

/**
Whether an event matches a filter pattern as Lambda's event filtering reads it: every key of the pattern must match, a list means any of its rules.
*/
export const matchesPattern = (pattern: Record<string, unknown>, event: unknown): boolean => Object.entries(pattern).every(([key, rules]) => {
	const present = typeof event === 'object' && event !== null && Object.hasOwn(event, key);
	const value = present ? (event as Record<string, unknown>)[key] : undefined;
	if (Array.isArray(rules)) {
		return rules.some(rule => matchesRule(rule, value, present));
	}

	return typeof rules === 'object' && rules !== null && matchesPattern(rules as Record<string, unknown>, value);
});

/**
Whether an SQS record passes a mapping's FilterCriteria (none: everything passes). The body is matched as JSON when it parses as JSON.
*/
export const passesFilters = (filters: Array<{Pattern?: string}> | undefined, record: Record<string, unknown>) => {
	if (!filters || filters.length === 0) {
		return true;
	}

	let body: unknown = record.body;
	try {
		body = JSON.parse(String(record.body));
	} catch {}

	const event = {...record, body};
	return filters.some(filter => {
		try {
			return matchesPattern(JSON.parse(filter.Pattern ?? '{}') as Record<string, unknown>, event);
		} catch {
			return false;
		}
	});
};
