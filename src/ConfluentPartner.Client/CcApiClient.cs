using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Http;
using ConfluentPartner.Client.Resources;

namespace ConfluentPartner.Client
{
    /// <summary>
    /// The Confluent Cloud API as plain C# (no PowerShell in here): one object per resource, all sharing one HTTP
    /// pipeline (pacing, resends, token refresh) built from <see cref="CcClientOptions"/>.
    /// </summary>
    public sealed class CcApiClient
    {
        private readonly CcPipeline _pipeline;

        public CcApiClient(CcClientOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            CcClientOptions.ValidateBaseUri(options.BaseUri);
            var credential = options.Credential ?? throw new ArgumentException("A credential is required.", nameof(options));
            _pipeline = new CcPipeline(options, credential);
            var transport = new JsonTransport(_pipeline, options.Log);
            Invitations = new Invitations(transport);
            Signups = new Signups(transport);
            Entitlements = new Entitlements(transport);
            Organizations = new Organizations(transport);
            Users = new Users(transport);
            RoleBindings = new RoleBindings(transport);
        }

        /// <summary>iam/v2/invitations.</summary>
        public Invitations Invitations { get; }
        /// <summary>partner/v2/signup and signup/activate.</summary>
        public Signups Signups { get; }
        /// <summary>partner/v2/entitlements.</summary>
        public Entitlements Entitlements { get; }
        /// <summary>partner/v2/organizations.</summary>
        public Organizations Organizations { get; }
        /// <summary>iam/v2/users.</summary>
        public Users Users { get; }
        /// <summary>iam/v2/role-bindings (API key only).</summary>
        public RoleBindings RoleBindings { get; }

        /// <summary>
        /// Makes the credential ready without calling the API: an OAuth client fetches its token (which checks the
        /// client id and secret); an API key or a bearer token has nothing to fetch.
        /// </summary>
        public Task AuthenticateAsync(CancellationToken cancellationToken) => _pipeline.AuthenticateAsync(cancellationToken);

        /// <summary>
        /// From now on no request starts: calls waiting for their turn, and later calls, fail with an
        /// <see cref="OperationCanceledException"/>. Requests already sent are not interrupted.
        /// </summary>
        public void StopSending(string reason) => _pipeline.StopStarting(new OperationCanceledException(reason));

        /// <summary>Sends a raw JSON body without client-side validation. For contract tests that must reach the server with bad input.</summary>
        public async Task<(int Status, string Body, string? RequestId)> SendRawAsync(HttpMethod method, string pathAndQuery, string? json, CancellationToken cancellationToken)
        {
            var body = json == null ? null : Encoding.UTF8.GetBytes(json);
            var response = await _pipeline.SendAsync(method, pathAndQuery, body, ResendPolicy.Idempotent, cancellationToken).ConfigureAwait(false);
            return (response.Status, response.Body, response.RequestId);
        }
    }
}
