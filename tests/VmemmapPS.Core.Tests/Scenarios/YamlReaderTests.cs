using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>Plain-YAML reading: syntax errors, refused tags/anchors and duplicate keys, all with positions.</summary>
public class YamlReaderTests
{
    [Fact]
    public void SyntaxErrorIsParseFailedWithPosition()
    {
        const string yaml = "steps:\n  - add: [pmem0\n";
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioAssert.Load(yaml));
        Assert.Equal(FailureKind.ScenarioParseFailed.ToString(), e.ErrorId);
        Assert.Equal("YamlSyntax", e.First.Code);
        Assert.True(e.First.Line >= 2, e.Message);
    }

    [Theory]
    [InlineData("!!python/object:os.system")]
    [InlineData("!Custom")]
    [InlineData("!<tag:yaml.org,2002:str>")]
    public void TagsAreRefusedWherePlaced(string tag)
    {
        string yaml = "devices:\n  - name: " + tag + " pmem0\nsteps: []\n";
        ScenarioDiagnostic d = ScenarioAssert.Fails(yaml, FailureKind.ScenarioParseFailed, "TagRefused", 2, 11);
        Assert.Contains("tag", d.Message);
    }

    [Fact]
    public void TagOnAMappingIsRefused()
    {
        const string yaml = "machine: !System.Diagnostics.Process\n  pageSize: 4K\nsteps: []\n";
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioParseFailed, "TagRefused", 1, 10);
    }

    [Fact]
    public void AnchorsAndAliasesAreRefused()
    {
        const string yaml = "machine: &m\n  pageSize: 4K\nsteps:\n  - label: *m\n";
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioParseFailed, "AnchorRefused", 1, 10);
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioParseFailed, "AnchorRefused", 4, 12);
    }

    [Fact]
    public void DuplicateKeyPointsAtTheSecondOne()
    {
        const string yaml = "steps: []\nname: a\nname: b\n";
        ScenarioDiagnostic d = ScenarioAssert.Fails(yaml, FailureKind.ScenarioParseFailed, "DuplicateKey", 3, 1);
        Assert.Contains("line 2", d.Message);
    }

    [Fact]
    public void SecondDocumentIsRefused()
    {
        const string yaml = "steps: []\n---\nsteps: []\n";
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioParseFailed, "YamlSyntax", 2, 1);
    }

    [Fact]
    public void EmptyFileIsAValidationError()
    {
        ScenarioAssert.Fails("# only a comment\n", FailureKind.ScenarioValidationFailed, "MissingKey", 1, 1);
    }
}
