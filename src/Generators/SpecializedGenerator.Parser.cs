using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Generators.Planning;
using Specialized.Manifest;

namespace Specialized.Generators;

public sealed partial class SpecializedGenerator
{
    /// <summary>Manifest text → spec + C# names + diagnostics. Holds positions only for errors (see <see cref="ParsedManifest"/>).</summary>
    internal static class Parser
    {
        public const string DefaultNamespace = "Specialized.Generated";

        public static ParsedManifest Parse(ManifestInput input)
        {
            var result = ManifestParser.Parse(input.Text);
            var diagnostics = new List<DiagnosticInfo>();
            foreach (var error in result.Errors)
            {
                diagnostics.Add(DiagnosticInfo.At(error.Id, input.Path, input.Text, error.Span, error.Message));
            }

            if (!result.Success)
            {
                return new ParsedManifest(input.Path, null, null, null, null, diagnostics.ToEquatableArray());
            }

            var spec = result.Spec!;
            string className = ClassName(spec.Name);
            string ns = spec.Namespace ?? DefaultNamespace;
            bool namesOk = true;
            if (!SyntaxFacts.IsValidIdentifier(className))
            {
                diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.InvalidNameId, input.Path, input.Text, Locate(input.Text, "name"),
                    $"the name \"{spec.Name}\" gives no C# class name (it needs at least one letter or digit)"));
                namesOk = false;
            }

            if (!IsValidNamespace(ns))
            {
                diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.InvalidNameId, input.Path, input.Text, Locate(input.Text, "namespace"),
                    $"the namespace \"{ns}\" is not a C# namespace (dot-separated identifiers, no keywords)"));
                namesOk = false;
            }

            foreach (var layer in spec.Layers)
            {
                long bound = AccumulatorBound(spec, layer);
                if (bound > int.MaxValue)
                {
                    diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.AccumulatorRangeId, input.Path, input.Text, LocateLayer(input.Text, layer.Name),
                        layer.Name, bound.ToString(CultureInfo.InvariantCulture)));
                }

                if (layer.KernelFamily is { } family)
                {
                    CheckFamily(input, spec, layer, family, diagnostics);
                }
            }

            string resourceFile = input.Blob.Path is { Length: > 0 } blobPath ? System.IO.Path.GetFileName(blobPath) : spec.Weights.File;
            return new ParsedManifest(input.Path, namesOk ? spec : null, ns, className, resourceFile, diagnostics.ToEquatableArray());
        }

        /// <summary>SP0024/SP0025 when a recorded kernelFamily is unknown or cannot run the layer (the planner then uses the heuristic).</summary>
        private static void CheckFamily(ManifestInput input, ManifestSpec spec, LayerSpec layer, string name, List<DiagnosticInfo> diagnostics)
        {
            var x = spec.FindTensor(layer.Inputs[0]);
            var facts = LayerFacts.Of(layer, x?.Bits ?? 8, x?.Channels ?? 1, x?.Height ?? 1, x?.Width ?? 1);
            string fallback = FamilyRules.Heuristic(facts).ToString();
            if (!FamilyRules.TryParse(name, out var family))
            {
                string known = string.Join(", ", Enum.GetNames(typeof(KernelFamily)));
                diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.UnknownFamilyId, input.Path, input.Text, LocateLayer(input.Text, layer.Name), layer.Name, name, known, fallback));
            }
            else if (FamilyRules.Ineligibility(family, facts) is { } reason)
            {
                diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.IneligibleFamilyId, input.Path, input.Text, LocateLayer(input.Text, layer.Name), layer.Name, name, reason, fallback));
            }
        }

        /// <summary>
        /// Compares the blob facts MSBuild attached with the manifest's <c>weights</c> (diagnostics at that token).
        /// Without facts (manifest added as a bare AdditionalFile) nothing is checked here; the generated
        /// constructor still checks length and SHA-256 at run time.
        /// </summary>
        public static EquatableArray<DiagnosticInfo> CheckBlob(ManifestInput input, ParsedManifest parsed)
        {
            var spec = parsed.Spec;
            var blob = input.Blob;
            if (spec is null || blob.Exists is null)
            {
                return EquatableArray<DiagnosticInfo>.Empty;
            }

            string path = blob.Path ?? spec.Weights.File;
            DiagnosticInfo? problem = null;
            if (blob.Exists == false)
            {
                problem = Weights(input, DiagnosticDescriptors.WeightsMissingId, path, spec.Weights.File);
            }
            else if (blob.Length is { } length && length != spec.Weights.Length)
            {
                problem = Weights(input, DiagnosticDescriptors.WeightsLengthId, path, length.ToString(CultureInfo.InvariantCulture), spec.Weights.Length.ToString(CultureInfo.InvariantCulture));
            }
            else if (blob.Sha256 is { } sha && !string.Equals(sha, spec.Weights.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                problem = Weights(input, DiagnosticDescriptors.WeightsHashId, path, sha.ToLowerInvariant(), spec.Weights.Sha256);
            }

            return problem is null ? EquatableArray<DiagnosticInfo>.Empty : EquatableArray.Create(problem);
        }

        private static DiagnosticInfo Weights(ManifestInput input, string id, params string[] args) =>
            DiagnosticInfo.At(id, input.Path, input.Text, Locate(input.Text, "weights"), args);

        /// <summary>PascalCase of the manifest name plus "Model": "resnet18-cifar" → "Resnet18CifarModel".</summary>
        public static string ClassName(string name)
        {
            var builder = new StringBuilder();
            bool upper = true;
            foreach (char c in name)
            {
                if (c < 128 && char.IsLetterOrDigit(c))
                {
                    builder.Append(upper ? char.ToUpperInvariant(c) : c);
                    upper = false;
                }
                else
                {
                    upper = true;
                }
            }

            if (builder.Length == 0)
            {
                return string.Empty;
            }

            if (char.IsDigit(builder[0]))
            {
                // A class name cannot start with a digit; "3dnet" becomes "M3dnetModel".
                builder.Insert(0, 'M');
            }

            return builder.Append("Model").ToString();
        }

        private static bool IsValidNamespace(string ns)
        {
            foreach (string part in ns.Split('.'))
            {
                if (!SyntaxFacts.IsValidIdentifier(part) || SyntaxFacts.GetKeywordKind(part) != SyntaxKind.None)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The worst |accumulator| a conv/gemm can reach: |bias| + K·max|x − z|·max|w|.</summary>
        private static long AccumulatorBound(ManifestSpec spec, LayerSpec layer)
        {
            if (layer.Weights is not { } weights || spec.FindTensor(layer.Inputs[0]) is not { } input)
            {
                return 0;
            }

            long k = layer.Window is { } w ? (long)w.KernelH * w.KernelW * (input.Channels / w.Groups) : input.ElementCount;
            long x = Math.Max(input.ZeroPoint, (1 << input.Bits) - 1 - input.ZeroPoint);
            long maxWeight = 0;
            if (weights.Codebook.IsEmpty)
            {
                foreach (var group in weights.ChannelGroups)
                {
                    maxWeight = Math.Max(maxWeight, group.WeightBits == 1 ? 1 : (1 << (group.WeightBits - 1)) - 1);
                }
            }
            else
            {
                foreach (int level in weights.Codebook)
                {
                    maxWeight = Math.Max(maxWeight, Math.Abs((long)level));
                }
            }

            long bias = 0;
            foreach (int b in weights.Bias)
            {
                bias = Math.Max(bias, Math.Abs((long)b));
            }

            return bias + k * x * maxWeight;
        }

        /// <summary>The span of a top-level key of the manifest (for diagnostics found after parsing).</summary>
        private static Specialized.Manifest.TextSpan Locate(string text, string key)
        {
            var root = JsonReader.Parse(text, new List<ManifestError>()) as JsonObject;
            foreach (var property in root?.Properties ?? Array.Empty<JsonProperty>())
            {
                if (property.Key == key)
                {
                    return property.KeySpan;
                }
            }

            return new Specialized.Manifest.TextSpan(0, 0, 1, 1);
        }

        /// <summary>The span of the layer object named <paramref name="name"/>.</summary>
        private static Specialized.Manifest.TextSpan LocateLayer(string text, string name)
        {
            var root = JsonReader.Parse(text, new List<ManifestError>()) as JsonObject;
            if (root?.Get("layers") is JsonArray layers)
            {
                foreach (var item in layers.Items)
                {
                    if (item is JsonObject layer && layer.Get("name") is JsonString s && s.Value == name)
                    {
                        return layer.Span;
                    }
                }
            }

            return new Specialized.Manifest.TextSpan(0, 0, 1, 1);
        }
    }
}
