import { dimensionRead } from './cube';

/* `Analytics/GetMemberPropertiesForDimension`: each member of a dimension, with its properties. */
export const { description, execute } = dimensionRead({
	operation: 'getMemberProperties',
	action: 'GetMemberPropertiesForDimension',
	tableName: 'MemberProperties',
	what: 'member properties',
});
