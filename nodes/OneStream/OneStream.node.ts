import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeDescription } from './actions/description';
import { router } from './actions/router';
import { listSearch } from './methods';

export class OneStream implements INodeType {
	description: INodeTypeDescription = nodeDescription;

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
