using System;
using System.Net;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConfluentPartner.Client.Http
{
    /// <summary>
    /// One process-wide <see cref="IHttpClientFactory"/>: connections are pooled across cmdlet calls, and the
    /// handler chain (authentication, redacted logging) is configured in one place; rate-limit headers are read by the pipeline.
    /// Credentials are per request, never part of the shared chain.
    /// </summary>
    internal static class CcHttpClientFactory
    {
        internal const string ApiClientName = "ConfluentCloud.Api";
        internal const string TokenClientName = "ConfluentCloud.Token";
        private static readonly Lazy<IHttpClientFactory> Factory = new Lazy<IHttpClientFactory>(Build);

        public static HttpClient CreateApiClient() => Configure(Factory.Value.CreateClient(ApiClientName));
        public static HttpClient CreateTokenClient() => Configure(Factory.Value.CreateClient(TokenClientName));

        private static HttpClient Configure(HttpClient client)
        {
            // Per-attempt timeouts are applied by the pipeline, so that a timeout can be told from Ctrl+C.
            client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            return client;
        }

        private static IHttpClientFactory Build()
        {
            EnableTls12OnNetFramework();
            var services = new ServiceCollection();
            services.AddHttpClient(ApiClientName)
                .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
                .AddHttpMessageHandler(() => new AuthenticationHandler())
                .AddHttpMessageHandler(() => new RedactingLogHandler())
                .SetHandlerLifetime(TimeSpan.FromMinutes(5))
                .RemoveAllLoggers(); // RedactingLogHandler is the log; the factory's own two logging handlers cost every request and log nowhere
            services.AddHttpClient(TokenClientName)
                .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
                .RemoveAllLoggers();
            return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        }

        private static HttpMessageHandler CreatePrimaryHandler() => new HttpClientHandler
        {
            AllowAutoRedirect = true,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            MaxConnectionsPerServer = 256,
            UseCookies = false,
        };

        /// <summary>Windows PowerShell 5.1 may still default to TLS 1.0; add 1.2 without taking anything away.</summary>
        private static void EnableTls12OnNetFramework()
        {
            if (System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
                if (ServicePointManager.DefaultConnectionLimit < 64) ServicePointManager.DefaultConnectionLimit = 64;
            }
        }
    }
}
