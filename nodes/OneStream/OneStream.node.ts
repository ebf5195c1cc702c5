import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as businessRule from './actions/businessRule/BusinessRule.resource';
import * as cube from './actions/cube/Cube.resource';
import * as data from './actions/data/Data.resource';
import * as dataManagement from './actions/dataManagement/DataManagement.resource';
import * as workflow from './actions/workflow/Workflow.resource';
import { router } from './actions/router';
import { listSearch } from './methods';

export class OneStream implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OneStream',
		name: 'oneStream',
		icon: { light: 'file:../../icons/onestream.svg', dark: 'file:../../icons/onestream.dark.svg' },
		group: ['transform'],
		version: 1,
		// The operation and the object it runs, e.g. "Execute Sequence: Nightly_Consolidation", so that
		// several OneStream nodes can be told apart. A literal, as n8n's lint rules require. A name from
		// input data cannot be evaluated before the run: the editor then shows no subtitle.
		subtitle:
			'={{ $parameter.operation === "executeSequence" ? "Execute Sequence" + (($parameter.sequenceName && $parameter.sequenceName.value !== undefined ? $parameter.sequenceName.value : $parameter.sequenceName) ? ": " + ($parameter.sequenceName && $parameter.sequenceName.value !== undefined ? $parameter.sequenceName.value : $parameter.sequenceName) : "") : $parameter.operation === "executeStep" ? "Execute Step" + (($parameter.stepName && $parameter.stepName.value !== undefined ? $parameter.stepName.value : $parameter.stepName) ? ": " + ($parameter.stepName && $parameter.stepName.value !== undefined ? $parameter.stepName.value : $parameter.stepName) : "") : $parameter.operation === "execute" ? "Execute Business Rule" + (($parameter.stepName && $parameter.stepName.value !== undefined ? $parameter.stepName.value : $parameter.stepName) ? ": " + ($parameter.stepName && $parameter.stepName.value !== undefined ? $parameter.stepName.value : $parameter.stepName) : "") : $parameter.operation === "getDataSet" ? "Get Data Set" + ($parameter.ruleName ? ": " + $parameter.ruleName : "") : $parameter.operation === "getDataAdapter" ? "Get Data Adapter" + (($parameter.adapterName && $parameter.adapterName.value !== undefined ? $parameter.adapterName.value : $parameter.adapterName) ? ": " + ($parameter.adapterName && $parameter.adapterName.value !== undefined ? $parameter.adapterName.value : $parameter.adapterName) : "") : $parameter.operation === "getCubeView" ? "Get Cube View" + (($parameter.cubeViewName && $parameter.cubeViewName.value !== undefined ? $parameter.cubeViewName.value : $parameter.cubeViewName) ? ": " + ($parameter.cubeViewName && $parameter.cubeViewName.value !== undefined ? $parameter.cubeViewName.value : $parameter.cubeViewName) : "") : $parameter.operation === "runSql" ? "Run SQL Query" + ($parameter.dbLocation ? ": " + $parameter.dbLocation : "") : $parameter.operation === "runMethodCommand" ? "Run Method Command" + (($parameter.methodType === "other" ? $parameter.methodTypeOther : $parameter.methodType) ? ": " + ($parameter.methodType === "other" ? $parameter.methodTypeOther : $parameter.methodType) : "") : $parameter.operation === "getStatus" ? "Get Workflow Status" + ($parameter.workflowProfile ? ": " + $parameter.workflowProfile : "") : $parameter.operation === "getMany" ? "Get Many Cubes" : $parameter.operation === "getDimensionHierarchy" ? "Get Dimension Hierarchy" + (($parameter.cubeName && $parameter.cubeName.value !== undefined ? $parameter.cubeName.value : $parameter.cubeName) ? ": " + ($parameter.cubeName && $parameter.cubeName.value !== undefined ? $parameter.cubeName.value : $parameter.cubeName) + " " + $parameter.dimensionType : "") : $parameter.operation === "getMemberProperties" ? "Get Member Properties" + (($parameter.cubeName && $parameter.cubeName.value !== undefined ? $parameter.cubeName.value : $parameter.cubeName) ? ": " + ($parameter.cubeName && $parameter.cubeName.value !== undefined ? $parameter.cubeName.value : $parameter.cubeName) + " " + $parameter.dimensionType : "") : $parameter.operation === "getDataCells" ? "Get Data Cells" + (($parameter.cubeName && $parameter.cubeName.value !== undefined ? $parameter.cubeName.value : $parameter.cubeName) ? ": " + ($parameter.cubeName && $parameter.cubeName.value !== undefined ? $parameter.cubeName.value : $parameter.cubeName) : "") : "" }}',
		description:
			'Run Data Management jobs and business rules, and read data adapters, cube views, SQL, workflow status, cube data and dimensions from OneStream',
		defaults: { name: 'OneStream' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oneStreamApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Business Rule', value: 'businessRule' },
					{ name: 'Cube', value: 'cube' },
					{ name: 'Data', value: 'data' },
					{ name: 'Data Management', value: 'dataManagement' },
					{ name: 'Workflow', value: 'workflow' },
				],
				default: 'dataManagement',
			},
			...dataManagement.description,
			...businessRule.description,
			...data.description,
			...workflow.description,
			...cube.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
