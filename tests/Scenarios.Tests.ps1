# The scenario library as a regression suite: every file in scenarios/ runs, and each of its steps and
# expectations is one It, named after the step and the metric, so a failure says which expectation broke.
# The negative files in scenarios/invalid/ must fail with the error id, code and position their first line names.
BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $library = foreach ($file in Get-ChildItem (Join-Path $RepoRoot 'scenarios') -Filter *.yaml | Sort-Object Name) {
        # Scenarios are deterministic, so running them here and asserting in the Its is the same as running in
        # BeforeAll, and it lets each row become its own named test. Sweeps run -Detailed for per-row names.
        $rows = @(Invoke-SimScenario -LiteralPath $file.FullName -Detailed)
        @{
            File = $file.Name
            Rows = @(foreach ($r in $rows) {
                    $where = if ($r.Combination -gt 0) { "[combination $($r.Combination)] " } else { '' }
                    $label = switch ($r.Kind.ToString()) {
                        'Step' { "step $($r.Step): $($r.StepName)" }
                        'Expectation' { "$($r.StepName) / $($r.Name) = $($r.Expected)" }
                        default { "summary" }
                    }
                    @{ Label = $where + $label; Row = $r }
                })
        }
    }

    $negative = foreach ($file in Get-ChildItem (Join-Path $RepoRoot 'scenarios/invalid') -Filter *.yaml | Sort-Object Name) {
        $header = Select-String -LiteralPath $file.FullName -Pattern '^# expect-error: (\S+) (\S+) (\d+):(\d+)' | Select-Object -First 1
        @{
            File   = $file.Name
            Path   = $file.FullName
            Id     = $header.Matches[0].Groups[1].Value
            Code   = $header.Matches[0].Groups[2].Value
            Line   = [int]$header.Matches[0].Groups[3].Value
            Column = [int]$header.Matches[0].Groups[4].Value
        }
    }
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'scenario library' {
    It 'has at least 12 scenarios' {
        @(Get-ChildItem (Join-Path $RepoRoot 'scenarios') -Filter *.yaml).Count | Should -BeGreaterOrEqual 12
    }
}

Describe 'scenario <File>' -ForEach $library {
    It 'produced rows' {
        $Rows.Count | Should -BeGreaterThan 0
    }

    It '<Label>' -ForEach $Rows {
        $Row.Pass | Should -BeTrue -Because "expected $($Row.Expected), actual $($Row.ActualText) (line $($Row.Line)) $($Row.Message)"
    }
}

Describe 'negative scenario <File>' -ForEach $negative {
    It 'is refused with <Id> <Code> at <Line>:<Column>, and runs nothing' {
        $out = Invoke-SimScenario -LiteralPath $Path -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "$Id,VmemmapPS.Commands.InvokeSimScenarioCommand"
        $err[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
        $err[0].TargetObject | Should -Be $Path
        $err[0].Exception.First.Code | Should -Be $Code
        $err[0].Exception.First.Line | Should -Be $Line
        $err[0].Exception.First.Column | Should -Be $Column
        $err[0].Exception.Message | Should -BeLike "${Path}:${Line}:${Column}: *"
    }
}
