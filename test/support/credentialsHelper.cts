/**
 * A credentials helper that holds plaintext credential data (no database, no encryption) but
 * otherwise behaves like n8n's own (packages/cli credentials-helper): it applies credential
 * overwrites and defaults, resolves expressions in credential fields (`{{ $vars.x }}`,
 * `{{ $secrets.vault.x }}`) with the workflow's expression engine, calls the credential type's own
 * `authenticate`, and defines `preAuthentication`, which makes n8n-core's
 * `httpRequestWithAuthentication` re-send a request whose answer was a thrown 401.
 */
import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentials, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

class PlainCredentials extends ICredentials {
	constructor(
		details: INodeCredentialsDetails,
		type: string,
		private plain: ICredentialDataDecryptedObject,
	) {
		super(details, type);
	}

	getData(): ICredentialDataDecryptedObject {
		return structuredClone(this.plain);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.plain) };
	}

	setData(data: ICredentialDataDecryptedObject): void {
		this.plain = structuredClone(data);
	}
}

export interface CredentialsHelperOptions {
	credentialTypes: Record<string, ICredentialType>;
	/** Plaintext data per credential type, as the user saved it (expressions unresolved). */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Like N8N_CREDENTIALS_OVERWRITE_DATA: fills fields the saved credential leaves empty. */
	overwrites?: Record<string, ICredentialDataDecryptedObject>;
	/** Whether `$secrets` resolves in credential fields (n8n allows it for admin-owned credentials). */
	secretsEnabled: boolean;
	/** Node types, for the detached workflow used when no item context is given. */
	nodeTypes: INodeTypes;
}

export class PlaintextCredentialsHelper extends ICredentialsHelper {
	/** Every credential type for which data was requested, in order (for tests). */
	readonly decryptedTypes: string[] = [];

	constructor(private readonly options: CredentialsHelperOptions) {
		super();
	}

	getParentTypes(name: string): string[] {
		const extendsTypes = this.options.credentialTypes[name]?.extends ?? [];
		return extendsTypes.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const type = this.credentialType(typeName);
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (type.authenticate !== undefined) {
			throw new Error(
				`The test credentials helper supports only authenticate functions (type ${typeName})`,
			);
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** n8n's helper defines this for every type; it returns data only for expirable credentials. */
	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		return new PlainCredentials(nodeCredentials, type, this.options.credentials[type] ?? {});
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.decryptedTypes.push(type);
		const saved = (await this.getCredentials(nodeCredentials, type)).getData();
		if (raw === true) return saved;
		return this.applyDefaultsAndOverwrites(
			additionalData,
			saved,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** Overwrites, then defaults, then expressions: the order n8n applies them in. */
	applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		saved: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): ICredentialDataDecryptedObject {
		const withOverwrites = structuredClone(saved);
		for (const [key, value] of Object.entries(this.options.overwrites?.[type] ?? {})) {
			const current = withOverwrites[key];
			if (current === undefined || current === null || current === '') withOverwrites[key] = value;
		}
		const withDefaults = (NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			withOverwrites as INodeParameters,
			true,
			false,
			null,
			null,
		) ?? {}) as ICredentialDataDecryptedObject;
		const additionalKeys = getAdditionalKeys(additionalData, mode, null, {
			secretsEnabled: this.options.secretsEnabled,
		});
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			return workflow.expression.getParameterValue(
				withDefaults as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				withDefaults,
			) as ICredentialDataDecryptedObject;
		}
		const detachedNode: INode = {
			id: 'credentials',
			name: 'Credentials',
			type: 'test.start',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const workflow = new Workflow({
			nodes: [detachedNode],
			connections: {},
			active: false,
			nodeTypes: this.options.nodeTypes,
		});
		return workflow.expression.getComplexParameterValue(
			detachedNode,
			withDefaults as INodeParameters,
			mode,
			additionalKeys,
			undefined,
			undefined,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialType(type).properties;
	}

	private credentialType(name: string): ICredentialType {
		const type = this.options.credentialTypes[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}
}
