import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class DialpadApi implements ICredentialType {
	name = 'dialpadApi';

	displayName = 'Dialpad API';

	icon: Icon = { light: 'file:dialpad.svg', dark: 'file:dialpad.dark.svg' };

	documentationUrl = 'https://developers.dialpad.com/docs/api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"A company admin's API key, from Dialpad's admin settings under API keys. The Stats API needs admin rights.",
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: 'https://dialpad.com',
				},
				{
					name: 'Sandbox',
					value: 'sandbox',
					description: 'https://sandbox.dialpad.com, for keys made in a Dialpad sandbox',
				},
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'A proxy, or the Dialpad simulator that ships with this package',
				},
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8787',
			required: true,
			description: 'The address in front of /api/v2, without a trailing slash',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Company ID',
			name: 'companyId',
			type: 'string',
			default: '',
			description:
				'Only for keys that can reach several Dialpad companies: the company to report on (sent as the DP-Company-ID header)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.environment === "sandbox" ? "https://sandbox.dialpad.com" : $credentials.environment === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "").replace(/\\/api\\/v2$/, "") : "https://dialpad.com" }}',
			url: '/api/v2/company',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Dialpad rejected this API key: copy it again from Dialpad and check the environment',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"This key is valid but may not read company data: the Stats API needs a company admin's key",
				},
			},
		],
	};
}
