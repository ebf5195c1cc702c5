/**
 * Two tiers, both in `npm test`:
 * - unit: unit and workflow-level tests (n8n-core's engine over real HTTP), fault and bad-input
 *   matrices; `npm run test:unit`, under a minute on an idle 2-core machine;
 * - proof: million-row exactness, fuzzing and the soak; `npm run test:proof`.
 * The real-n8n suites run through `npm run test:e2e`.
 */
const shared = {
	testEnvironment: 'node',
	moduleFileExtensions: ['ts', 'cts', 'js', 'cjs', 'json'],
	resolver: '<rootDir>/test/support/jestResolver.cjs',
	transform: {
		'^.+\\.c?ts$': [
			'ts-jest',
			{ tsconfig: '<rootDir>/tsconfig.tools.json', isolatedModules: true },
		],
	},
};

module.exports = {
	testTimeout: 60000,
	// Two workers per core: the suites mostly wait (sockets, deadlines, stand-in delays) rather than
	// compute, so on a 2-core machine four workers finish in about two thirds of the time.
	maxWorkers: '200%',
	projects: [
		{
			...shared,
			displayName: 'unit',
			roots: ['<rootDir>/test'],
			testMatch: ['**/*.test.cts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/proof/'],
		},
		{
			...shared,
			displayName: 'proof',
			roots: ['<rootDir>/test/proof'],
			testMatch: ['**/*.test.cts'],
		},
	],
};
