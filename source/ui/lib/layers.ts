import type {LambdeckClient} from '../../client/client.js';

/**
One layer version as the Layers view lists it.
*/
export type LayerVersionRow = {
	name: string;
	version: number;
	arn: string;
	runtimes: string[];
	architectures: string[];
	/** The zip's size in bytes, when GetLayerVersion said it. */
	size?: number;
	created: string;
	description: string;
};

type Call = NonNullable<LambdeckClient['callOperation']>;

const pages = async (call: Call, operation: string, input: Record<string, unknown>, key: string) => {
	const items: Array<Record<string, unknown>> = [];
	let marker: string | undefined;
	do {
		const page = await call(operation, {...input, ...(marker ? {Marker: marker} : {})});
		items.push(...(page?.[key] ?? []) as Array<Record<string, unknown>>);
		marker = page?.NextMarker as string | undefined;
	} while (marker);
	return items;
};

/**
Every version of every layer of the endpoint, by layer name and newest version first, with each version's size (one GetLayerVersion each, as ListLayerVersions does not say it).
*/
export const listLayerVersionRows = async (call: Call): Promise<LayerVersionRow[]> => {
	const layers = await pages(call, 'ListLayers', {}, 'Layers');
	const perLayer = await Promise.all(layers.map(async layer => {
		const name = String(layer.LayerName);
		const versions = await pages(call, 'ListLayerVersions', {LayerName: name}, 'LayerVersions');
		return Promise.all(versions.map(async (version): Promise<LayerVersionRow> => {
			const got = await call('GetLayerVersion', {LayerName: name, VersionNumber: version.Version}).catch(() => undefined);
			return {
				name,
				version: Number(version.Version),
				arn: String(version.LayerVersionArn),
				runtimes: (version.CompatibleRuntimes ?? []) as string[],
				architectures: (version.CompatibleArchitectures ?? []) as string[],
				size: (got?.Content as {CodeSize?: number} | undefined)?.CodeSize,
				created: String(version.CreatedDate ?? ''),
				description: String(version.Description ?? ''),
			};
		}));
	}));
	return perLayer.flat().sort((a, b) => a.name.localeCompare(b.name) || b.version - a.version);
};

/** A layer version's ARN without its version: which layer it is. */
export const layerOf = (arn: string) => arn.replace(/:\d+$/, '');

/** `name:version` of a layer version's ARN. */
export const shortLayer = (arn: string) => /:layer:([^:]+:\d+)$/.exec(arn)?.[1] ?? arn;

/**
Attach a layer version to a function's list: a version of a layer already attached takes its place (a function has one version of each layer); any other goes last, where it wins over the others.
*/
export const attachLayer = (arns: readonly string[], arn: string): string[] => {
	const at = arns.findIndex(existing => layerOf(existing) === layerOf(arn));
	return at === -1 ? [...arns, arn] : arns.map((existing, index) => index === at ? arn : existing);
};

/**
Move the layer at `index` by one place (`by` -1 up, +1 down); returns the list and where the layer is now.
*/
export const moveLayer = (arns: readonly string[], index: number, by: -1 | 1): {arns: string[]; index: number} => {
	const to = index + by;
	if (index < 0 || index >= arns.length || to < 0 || to >= arns.length) {
		return {arns: [...arns], index};
	}

	const moved = [...arns];
	[moved[index], moved[to]] = [moved[to]!, moved[index]!];
	return {arns: moved, index: to};
};

/**
Take the layer at `index` off a function's list.
*/
export const detachLayer = (arns: readonly string[], index: number): string[] => arns.filter((_, at) => at !== index);

/**
The lines that say how a function's layers would change: the order before and after.
*/
export const layerChanges = (saved: readonly string[], draft: readonly string[]): string[] => saved.join() === draft.join()
	? []
	: [`Before: ${saved.map(arn => shortLayer(arn)).join(', ') || 'no layers'}`, `After:  ${draft.map(arn => shortLayer(arn)).join(', ') || 'no layers'}`];
