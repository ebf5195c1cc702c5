import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as batchFile from './actions/batchFile/BatchFile.resource';
import * as businessRule from './actions/businessRule/BusinessRule.resource';
import * as connection from './actions/connection/Connection.resource';
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
		// several OneStream nodes can be told apart: a table of operation → [label, object parameter,
		// a parameter added after the object]. A resource locator shows its value; "other" shows the
		// typed value beside it. A literal, as n8n's lint rules require; a name from input data cannot
		// be evaluated before the run, and then the subtitle is the label alone.
		subtitle:
			'={{ ((e) => ((v) => e[0] + (v ? ": " + v + (e[2] ? " " + $parameter[e[2]] : "") : ""))(((v) => (v === "other" ? $parameter[e[1] + "Other"] : v))(((p) => (p && p.value !== undefined ? p.value : p))(e[1] ? $parameter[e[1]] : ""))))({ executeSequence: ["Execute Sequence", "sequenceName"], executeStep: ["Execute Step", "stepName"], execute: ["Execute Business Rule", "stepName"], getDataSet: ["Get Data Set", "ruleName"], getDataAdapter: ["Get Data Adapter", "adapterName"], getCubeView: ["Get Cube View", "cubeViewName"], runSql: ["Run SQL Query", "dbLocation"], runMethodCommand: ["Run Method Command", "methodType"], getStatus: ["Get Workflow Status", "workflowProfile"], getMany: ["Get Many Cubes", ""], getDimensionHierarchy: ["Get Dimension Hierarchy", "cubeName", "dimensionType"], getMemberProperties: ["Get Member Properties", "cubeName", "dimensionType"], getDataCells: ["Get Data Cells", "cubeName"], diagnose: ["Diagnose", ""], create: ["Create Batch File", "workflowProfile"] }[$parameter.operation] || ["", ""]) }}',
		description:
			// One sentence for both nodes: n8n's nodes panel merges them and shows the trigger's.
			'Run Data Management sequences and business rules, read data, cubes and workflow status, and start workflows on new rows or close status changes in OneStream',
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
					{ name: 'Batch File', value: 'batchFile' },
					{ name: 'Business Rule', value: 'businessRule' },
					{ name: 'Connection', value: 'connection' },
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
			...connection.description,
			...batchFile.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
