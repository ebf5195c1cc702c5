import { dimensionRead } from './cube';

/* `Analytics/GetDimensionHierarchy`: the parent-child rows of a dimension of a cube. */
export const { description, execute } = dimensionRead({
	operation: 'getDimensionHierarchy',
	action: 'GetDimensionHierarchy',
	tableName: 'Hierarchy',
	what: 'hierarchy',
});
