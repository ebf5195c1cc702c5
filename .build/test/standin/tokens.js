"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_TOKENS = exports.NON_ADMIN_PAT = exports.NO_ROLE_PAT = exports.REVOKED_PAT = exports.EXPIRED_PAT = exports.VALID_PAT = void 0;
exports.redactToken = redactToken;
exports.redactAuthorization = redactAuthorization;
exports.VALID_PAT = '7VNdytUko8ZLObmJ8oINXAvoFhYE7MFp-Tj0cVUOjuk9GwXrX2CUgI3WHJceb7EWY7';
exports.EXPIRED_PAT = 'oPu3uYjHyD0cbKv5mqFhnd5LIYWanbs4-hI0XzrNwpD2cYKWxrl0WwfOzSgPRwNs0o';
exports.REVOKED_PAT = 'tJm6gg5iivbTkSagxggvYjNhIPbGu9CT-ATXTTXoZORnBlAjxt4dEZvAQOtImPDI3t';
exports.NO_ROLE_PAT = '5YhVZMIdHvBajgg36oQLqEmKuZUhusQV-Vrv4FMCsOiIMrMOOPsHbBkXXQs3KhHOm5';
exports.NON_ADMIN_PAT = 'HGWczFZBsM4J59PRPKw04Rp4GOn3rSi0-3MzG4Bz3VaaZoYNhWCyNXKnCu7F6ram8H';
exports.DEFAULT_TOKENS = [
    { token: exports.VALID_PAT, userName: 'svc_n8n', status: 'Active', accessAsNonInteractiveUser: true, administrator: true },
    { token: exports.EXPIRED_PAT, userName: 'svc_n8n', status: 'Expired', accessAsNonInteractiveUser: true, administrator: true },
    { token: exports.REVOKED_PAT, userName: 'svc_n8n', status: 'Revoked', accessAsNonInteractiveUser: true, administrator: true },
    { token: exports.NO_ROLE_PAT, userName: 'jdoe', status: 'Active', accessAsNonInteractiveUser: false, administrator: false },
    { token: exports.NON_ADMIN_PAT, userName: 'svc_reader', status: 'Active', accessAsNonInteractiveUser: true, administrator: false },
];
function redactToken(token) {
    return token.length > 6 ? `…${token.slice(-3)}` : '…';
}
function redactAuthorization(value) {
    if (value === undefined || value === '')
        return '-';
    const match = /^(\S+)\s+(.*)$/.exec(value.trim());
    if (match === null)
        return redactToken(value.trim());
    return `${match[1]} ${redactToken(match[2])}`;
}
