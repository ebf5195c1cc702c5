/** How network failures are classified. */
import { describeNetworkFailure } from '../../../../nodes/OneStream/transport/failures';

describe('describeNetworkFailure', () => {
	function systemError(code: string, message = `connect ${code}`): Error & { code: string } {
		return Object.assign(new Error(message), { code });
	}

	it('finds the code on the error', () => {
		expect(describeNetworkFailure(systemError('ECONNRESET'))).toMatchObject({
			type: 'network',
			code: 'ECONNRESET',
			mayHaveReachedServer: true,
		});
	});

	it('finds the code down a chain of causes', () => {
		const wrapped = new Error('request failed', {
			cause: new Error('inner', { cause: systemError('ECONNREFUSED') }),
		});
		expect(describeNetworkFailure(wrapped)).toMatchObject({
			code: 'ECONNREFUSED',
			mayHaveReachedServer: false,
		});
	});

	it("finds the code where n8n's NodeApiError keeps it (httpCode)", () => {
		const nodeApiErrorLike = Object.assign(
			new Error('The connection to the server was closed unexpectedly'),
			{ httpCode: 'ECONNRESET', messages: [] },
		);
		expect(describeNetworkFailure(nodeApiErrorLike).code).toBe('ECONNRESET');
	});

	it('turns an axios timeout into ETIMEDOUT', () => {
		const timeout = Object.assign(new Error('timeout of 1000ms exceeded'), {
			code: 'ECONNABORTED',
		});
		expect(describeNetworkFailure(timeout)).toMatchObject({
			code: 'ETIMEDOUT',
			mayHaveReachedServer: true,
		});
	});

	it('recognises a hang-up without a code as a reset', () => {
		expect(describeNetworkFailure(new Error('socket hang up')).code).toBe('ECONNRESET');
	});

	it.each([
		'ECONNREFUSED',
		'ENOTFOUND',
		'EAI_AGAIN',
		'DEPTH_ZERO_SELF_SIGNED_CERT',
		'CERT_HAS_EXPIRED',
		'ERR_TLS_CERT_ALTNAME_INVALID',
	])('knows that %s means the request never reached the server', (code) => {
		expect(describeNetworkFailure(systemError(code)).mayHaveReachedServer).toBe(false);
	});

	it.each(['ECONNRESET', 'EPIPE', 'ETIMEDOUT'])(
		'knows that %s may have reached the server',
		(code) => {
			expect(describeNetworkFailure(systemError(code)).mayHaveReachedServer).toBe(true);
		},
	);

	it('says UNKNOWN, and that the server may have been reached, when nothing is recognised', () => {
		expect(describeNetworkFailure(new Error('something odd'))).toMatchObject({
			code: 'UNKNOWN',
			mayHaveReachedServer: true,
		});
		expect(describeNetworkFailure('not an error')).toMatchObject({ code: 'UNKNOWN' });
		expect(describeNetworkFailure(undefined)).toMatchObject({ code: 'UNKNOWN' });
	});

	it('survives a cyclic cause chain', () => {
		const a = new Error('a') as Error & { cause?: unknown };
		const b = new Error('b', { cause: a });
		a.cause = b;
		expect(describeNetworkFailure(a).type).toBe('network');
	});
});
