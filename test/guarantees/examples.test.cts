/**
 * The example workflows as n8n loads them: ids that n8n 1.x accepts for saving a trigger's static
 * data (at most 16 characters: `isWorkflowIdValid` in n8n 1.123; 2.x takes 21), unique ids and
 * names, and nodes of this package only by their published type names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const dir = path.join(__dirname, '..', '..', 'examples');
const examples = fs
	.readdirSync(dir)
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({
		file,
		workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
			id: string;
			name: string;
			nodes: Array<{ type: string; name: string }>;
		},
	}));

it.each(examples.map((e) => [e.file, e.workflow] as const))(
	'%s has an id n8n 1.x saves static data for, and known node types',
	(_file, workflow) => {
		expect(workflow.id.length).toBeGreaterThan(0);
		expect(workflow.id.length).toBeLessThanOrEqual(16);
		for (const node of workflow.nodes) {
			if (node.type.startsWith('n8n-nodes-onestream.'))
				expect([
					'n8n-nodes-onestream.oneStream',
					'n8n-nodes-onestream.oneStreamTool',
					'n8n-nodes-onestream.oneStreamTrigger',
				]).toContain(node.type);
		}
	},
);

it('gives every example its own id and name', () => {
	expect(new Set(examples.map((e) => e.workflow.id)).size).toBe(examples.length);
	expect(new Set(examples.map((e) => e.workflow.name)).size).toBe(examples.length);
});
