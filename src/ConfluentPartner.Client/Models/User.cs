using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace ConfluentPartner.Client.Models
{
    /// <summary>iam.v2.User as the API returns it.</summary>
    public sealed class User
    {
        [JsonPropertyName("api_version")] public string? ApiVersion { get; set; }
        [JsonPropertyName("kind")] public string? Kind { get; set; }
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("metadata")] public ObjectMeta? Metadata { get; set; }
        [JsonPropertyName("email")] public string? Email { get; set; }
        [JsonPropertyName("full_name")] public string? FullName { get; set; }
        [JsonPropertyName("auth_type")] public string? AuthType { get; set; }
    }

    public sealed class UserList
    {
        [JsonPropertyName("api_version")] public string? ApiVersion { get; set; }
        [JsonPropertyName("kind")] public string? Kind { get; set; }
        [JsonPropertyName("metadata")] public ListMeta? Metadata { get; set; }
        [JsonPropertyName("data")] public List<User>? Data { get; set; }
    }
}
