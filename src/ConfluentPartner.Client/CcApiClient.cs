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
    /// pipeline (pacing, resends, token refresh) built from <see cref="CcClientOptions"/>. Each resource file in
    /// <c>Resources/</c> adds its own property to this partial class, so a new resource is one file.
    /// </summary>
    public sealed partial class CcApiClient
    {
        private readonly CcPipeline _pipeline;

        public CcApiClient(CcClientOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            CcClientOptions.ValidateBaseUri(options.BaseUri);
            var credential = options.Credential ?? throw new ArgumentException("A credential is required.", nameof(options));
            _pipeline = new CcPipeline(options, credential);
            Transport = new JsonTransport(_pipeline, options.Log);
        }

        /// <summary>What every resource sends through: JSON, paging and resends over the one pipeline.</summary>
        internal JsonTransport Transport { get; }

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
