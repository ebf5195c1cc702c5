"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TASK_ACTIVITY_HINT = exports.PAT_CHECKLIST = void 0;
exports.clip = clip;
exports.redact = redact;
exports.PAT_CHECKLIST = 'Check with a OneStream administrator that: (1) the user who created the PAT is enabled (System > Security > Users > Is Enabled = True); ' +
    '(2) the user has not exceeded the logon inactivity threshold; ' +
    '(3) the user has the AccessAsNonInteractiveUser system security role through a security group (it defaults to the Nobody group, so even administrators need it); ' +
    '(4) the PAT was generated in the Identity & Access Management Portal, not a legacy IdP-based token; ' +
    '(5) the complete PAT string is used, not a truncated one; ' +
    '(6) the PAT has not expired or been revoked (see Manage Personal Access Tokens).';
exports.TASK_ACTIVITY_HINT = "Check OneStream's Task Activity (and the Error Log) for this job before running it again.";
const MAX_TEXT = 500;
function clip(text, max = MAX_TEXT) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
function redact(text, secret) {
    if (secret.length < 4)
        return text;
    return text.split(secret).join('[redacted]');
}
