/**
 * Fake OneStream IdentityServer Personal Access Tokens. Real PATs are opaque reference tokens of
 * 66 characters, letters and digits with one dash (IAM Guide); these follow that shape.
 */
import type { TokenConfig } from './types.cjs';

/** Admin service user with the AccessAsNonInteractiveUser role: everything works. */
export const VALID_PAT = '7VNdytUko8ZLObmJ8oINXAvoFhYE7MFp-Tj0cVUOjuk9GwXrX2CUgI3WHJceb7EWY7';
/** Past its expiry date → 401. */
export const EXPIRED_PAT = 'oPu3uYjHyD0cbKv5mqFhnd5LIYWanbs4-hI0XzrNwpD2cYKWxrl0WwfOzSgPRwNs0o';
/** Revoked in the IAM portal → 401. */
export const REVOKED_PAT = 'tJm6gg5iivbTkSagxggvYjNhIPbGu9CT-ATXTTXoZORnBlAjxt4dEZvAQOtImPDI3t';
/** User not in a group with AccessAsNonInteractiveUser → 403 on every call. */
export const NO_ROLE_PAT = '5YhVZMIdHvBajgg36oQLqEmKuZUhusQV-Vrv4FMCsOiIMrMOOPsHbBkXXQs3KhHOm5';
/** Valid, but the user is not an Administrator → 403 on SQL and method commands only. */
export const NON_ADMIN_PAT = 'HGWczFZBsM4J59PRPKw04Rp4GOn3rSi0-3MzG4Bz3VaaZoYNhWCyNXKnCu7F6ram8H';

export const DEFAULT_TOKENS: TokenConfig[] = [
	{
		token: VALID_PAT,
		userName: 'svc_n8n',
		status: 'Active',
		accessAsNonInteractiveUser: true,
		administrator: true,
	},
	{
		token: EXPIRED_PAT,
		userName: 'svc_n8n',
		status: 'Expired',
		accessAsNonInteractiveUser: true,
		administrator: true,
	},
	{
		token: REVOKED_PAT,
		userName: 'svc_n8n',
		status: 'Revoked',
		accessAsNonInteractiveUser: true,
		administrator: true,
	},
	{
		token: NO_ROLE_PAT,
		userName: 'jdoe',
		status: 'Active',
		accessAsNonInteractiveUser: false,
		administrator: false,
	},
	{
		token: NON_ADMIN_PAT,
		userName: 'svc_reader',
		status: 'Active',
		accessAsNonInteractiveUser: true,
		administrator: false,
	},
];

/** `Bearer …abc`: the most of a token the stand-in ever prints. */
export function redactToken(token: string): string {
	return token.length > 6 ? `…${token.slice(-3)}` : '…';
}

/** Redacts an Authorization header value for logs. */
export function redactAuthorization(value: string | undefined): string {
	if (value === undefined || value === '') return '-';
	const match = /^(\S+)\s+(.*)$/.exec(value.trim());
	if (match === null) return redactToken(value.trim());
	return `${match[1]} ${redactToken(match[2])}`;
}
