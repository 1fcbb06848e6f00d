using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Client.Credentials
{
    internal readonly struct FetchedToken
    {
        public FetchedToken(string accessToken, TimeSpan lifetime) { AccessToken = accessToken; Lifetime = lifetime; }
        public string AccessToken { get; }
        public TimeSpan Lifetime { get; }
    }

    /// <summary>The OAuth client-credentials exchange. Its request and response bodies are never logged.</summary>
    internal sealed class TokenFetcher
    {
        private readonly HttpClient _http;
        private readonly Uri _baseUri;
        private readonly IClientLog _log;

        public TokenFetcher(HttpClient http, Uri baseUri, IClientLog log)
        {
            _http = http;
            _baseUri = baseUri;
            _log = log;
        }

        public async Task<FetchedToken> FetchAsync(Uri? tokenUri, string clientId, string clientSecret, string? scope, CancellationToken cancellationToken)
        {
            var uri = tokenUri ?? new Uri(_baseUri, "/oauth2/token");
            var form = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("grant_type", "client_credentials") };
            if (!string.IsNullOrEmpty(scope)) form.Add(new KeyValuePair<string, string>("scope", scope!));
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));
            _log.Verbose($"POST {uri.GetLeftPart(UriPartial.Path)} (OAuth client-credentials token for client {clientId})");

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new CcConnectionException($"Could not reach the token endpoint {uri.GetLeftPart(UriPartial.Path)}: {ex.Message}", ex);
            }
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                _log.Verbose($"POST {uri.GetLeftPart(UriPartial.Path)} -> {(int)response.StatusCode} {response.ReasonPhrase}");
                if (!response.IsSuccessStatusCode)
                {
                    var status = (int)response.StatusCode;
                    var detail = $"The token endpoint refused the OAuth client credentials for client '{clientId}' (HTTP {status}{OAuthError(body)}).";
                    throw new CcApiException(status == 400 ? 401 : status, ErrorResponseReader.Header(response, "X-Request-Id"),
                        new[] { new CcApiError("oauth_token_refused", detail) },
                        detail);
                }
                OAuthTokenResponse? token = null;
                try { token = JsonSerializer.Deserialize(body, CcJsonContext.Default.OAuthTokenResponse); }
                catch (JsonException) { }
                if (string.IsNullOrEmpty(token?.AccessToken))
                    throw new CcApiException((int)response.StatusCode, null,
                        new[] { new CcApiError("oauth_token_invalid", "The token endpoint answered without an access_token.") },
                        "The token endpoint answered without an access_token.");
                var lifetime = TimeSpan.FromSeconds(token!.ExpiresIn is > 0 ? token.ExpiresIn.Value : 300);
                return new FetchedToken(token.AccessToken!, lifetime);
            }
        }

        private static string OAuthError(string body)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
                    return ": " + e.GetString();
            }
            catch (JsonException) { }
            return "";
        }
    }
}
