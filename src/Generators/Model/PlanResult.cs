namespace Specialized.Generators.Model;

/// <summary>The planner's output: a plan, or the internal error that prevented one (never both).</summary>
internal sealed record PlanResult(ModelPlan? Plan, Helpers.DiagnosticInfo? Error);
