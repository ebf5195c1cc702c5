import { executeSelect, parseSelect, SqlError } from '../sql.cjs';
import type { SqlDatabase } from '../index.cjs';

const db: SqlDatabase = {
	Member: {
		columns: ['Name', 'Description', 'DimType'],
		rows: [
			{ Name: 'Sales', Description: 'Net Sales', DimType: 'Account' },
			{ Name: 'COGS', Description: null, DimType: 'Account' },
			{ Name: 'Acme UK', Description: "Acme Ltd, 'UK'", DimType: 'Entity' },
			{ Name: 'Acme Österreich', Description: 'Austria', DimType: 'Entity' },
		],
	},
	Users: {
		columns: ['Name', 'IsEnabled', 'Logins'],
		rows: [
			{ Name: 'a', IsEnabled: true, Logins: 3 },
			{ Name: 'b', IsEnabled: false, Logins: 10 },
		],
	},
};

describe('SQL subset', () => {
	it('selects columns named as the query writes them', () => {
		expect(executeSelect("SELECT name FROM Member WHERE DimType = 'account'", db)).toEqual([
			{ name: 'Sales' },
			{ name: 'COGS' },
		]);
	});

	it('selects * in schema order, keeps DBNull as null', () => {
		expect(executeSelect("select * from dbo.[Member] where Name = 'COGS';", db)).toEqual([
			{ Name: 'COGS', Description: null, DimType: 'Account' },
		]);
	});

	it('supports AND, TOP n, TOP (n), ORDER BY ASC/DESC and escaped quotes', () => {
		expect(
			executeSelect(
				"SELECT TOP 1 Name FROM Member WHERE DimType = 'Entity' AND Description = 'Acme Ltd, ''UK'''",
				db,
			),
		).toEqual([{ Name: 'Acme UK' }]);
		expect(
			executeSelect('SELECT TOP (2) Name FROM Member ORDER BY Name DESC', db).map((r) => r.Name),
		).toEqual(['Sales', 'COGS']);
		expect(executeSelect('SELECT Name FROM Member ORDER BY Name', db).map((r) => r.Name)).toEqual([
			'Acme Österreich',
			'Acme UK',
			'COGS',
			'Sales',
		]);
		expect(
			executeSelect('SELECT Name FROM Users ORDER BY Logins DESC', db).map((r) => r.Name),
		).toEqual(['b', 'a']);
	});

	it('takes the table hint WITH (NOLOCK), as the pick lists send it', () => {
		expect(
			executeSelect(
				"SELECT DISTINCT Name FROM Member WITH (NOLOCK) WHERE DimType = 'Entity' ORDER BY Name",
				db,
			).map((r) => r.Name),
		).toEqual(['Acme Österreich', 'Acme UK']);
		expect(() => parseSelect('SELECT Name FROM Member WITH (TABLOCK)')).toThrow(
			"Incorrect syntax near 'TABLOCK'.",
		);
	});

	it('compares numbers and bit columns', () => {
		expect(executeSelect('SELECT Name FROM Users WHERE Logins = 10', db)).toEqual([{ Name: 'b' }]);
		expect(executeSelect('SELECT Name FROM Users WHERE IsEnabled = 1', db)).toEqual([
			{ Name: 'a' },
		]);
		expect(executeSelect("SELECT Name FROM Users WHERE IsEnabled = 'false'", db)).toEqual([
			{ Name: 'b' },
		]);
	});

	it("answers SQL Server's wording for unknown tables and columns", () => {
		expect(() => executeSelect('SELECT * FROM Nope', db)).toThrow(
			new SqlError("Invalid object name 'Nope'."),
		);
		expect(() => executeSelect('SELECT Foo FROM Member', db)).toThrow(
			new SqlError("Invalid column name 'Foo'."),
		);
		expect(() => executeSelect("SELECT * FROM Member WHERE Foo = 'x'", db)).toThrow(
			new SqlError("Invalid column name 'Foo'."),
		);
	});

	it('rejects anything outside the subset as a syntax error', () => {
		for (const sql of [
			'DELETE FROM Member',
			'SELECT COUNT(*) FROM Member',
			"SELECT * FROM Member WHERE Name LIKE 'A%'",
			'SELECT * FROM Member OR 1',
			'SELECT FROM Member',
			'',
			"SELECT * FROM Member WHERE Name = 'x' OR Name = 'y'",
			'SELECT * FROM Member WITH NOLOCK',
		]) {
			expect(() => parseSelect(sql)).toThrow(/^Incorrect syntax near '.*'\.$/);
		}
		expect(() => parseSelect("SELECT * FROM Member WHERE Name = 'open")).toThrow(
			/Unclosed quotation mark/,
		);
	});
});
