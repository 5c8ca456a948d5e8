import {lambdaPaginators} from './paginators.js';

/** How a verb pages: follow NextMarker unless told not to, from a starting token, so many per call, so many in all. */
export type Paging = {paginate: boolean; startingToken?: string; pageSize?: number; maxItems?: number};

type Token = {Marker?: string; boto_truncate_amount?: number};

/** botocore's resume token: the JSON of the marker (and how many items of its page were already shown), base64. */
const encodeToken = (token: Token) => Buffer.from(`{${Object.entries(token).map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(', ')}}`).toString('base64');

const decodeToken = (text: string): Token => {
	try {
		const token = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Token;
		if (token && typeof token === 'object') {
			return token;
		}
	} catch {}

	return {Marker: text};
};

/**
Send a paginated operation as the AWS CLI does: every page of its result list, or `maxItems` of them with a `NextToken` to resume from; other operations (and `--no-paginate`, or a Marker of one's own) are one call.
*/
export const fetchPages = async (operation: string, paging: Paging, send: (input: Record<string, unknown>) => Promise<Record<string, unknown> | undefined>, input: Record<string, unknown>) => {
	const paginator = lambdaPaginators[operation];
	if (!paginator || !paging.paginate) {
		return send(paging.maxItems === undefined || !paginator ? input : {...input, [paginator.limit_key]: paging.maxItems});
	}

	const start = paging.startingToken === undefined ? {} : decodeToken(paging.startingToken);
	let marker = start.Marker;
	let skip = start.boto_truncate_amount ?? 0;
	const items: unknown[] = [];
	let rest: Record<string, unknown> = {};
	let resume: Token | undefined;
	for (let first = true; ; first = false) {
		const page = await send({...input, ...(marker === undefined ? {} : {[paginator.input_token]: marker}), ...(paging.pageSize === undefined ? {} : {[paginator.limit_key]: paging.pageSize})}) ?? {};
		const {[paginator.result_key]: pageItems, [paginator.output_token]: next, ...others} = page;
		if (first) {
			rest = others;
		}

		const fresh = ((pageItems ?? []) as unknown[]).slice(skip);
		const room = paging.maxItems === undefined ? Number.POSITIVE_INFINITY : paging.maxItems - items.length;
		if (fresh.length > room) {
			items.push(...fresh.slice(0, room));
			resume = {...(marker === undefined ? {} : {Marker: marker}), boto_truncate_amount: skip + room};
			break;
		}

		items.push(...fresh);
		if (typeof next !== 'string' || next === '') {
			break;
		}

		if (items.length === paging.maxItems) {
			resume = {Marker: next};
			break;
		}

		marker = next;
		skip = 0;
	}

	return {[paginator.result_key]: items, ...rest, ...(resume ? {NextToken: encodeToken(resume)} : {})};
};
